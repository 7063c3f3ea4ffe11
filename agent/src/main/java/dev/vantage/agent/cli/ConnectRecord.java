package dev.vantage.agent.cli;

import dev.vantage.agent.probe.ConnectObserver;
import dev.vantage.agent.probe.HandshakeClock;
import dev.vantage.common.model.ProbeOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench probe --record FILE}: one CSV line per connect attempt, in the order attempts ended,
 * so the prober's connect times can be joined with a packet capture by source port
 * ({@code deploy/bench/connect-accuracy.sh}). Columns:
 * {@code local_port,remote,started_at_us,connect_nanos,status,reason,phase,clock}, where
 * {@code started_at_us} is the wall-clock start of the attempt in microseconds since the epoch,
 * {@code phase} is {@code warmup} or {@code measure} (attempts started before or after the bench's
 * warm-up ended) and {@code clock} is {@code kernel} or {@code loop} (which clock timed it).
 *
 * <p>The event loop only queues the attempt (lock-free); a thread of its own formats and writes, so
 * that file I/O never holds up the loop that times the next handshakes.
 */
final class ConnectRecord implements ConnectObserver, AutoCloseable {
    static final String HEADER = "local_port,remote,started_at_us,connect_nanos,status,reason,phase,clock";

    private record Attempt(int localPort, ProbeOutcome outcome, HandshakeClock clock, boolean measured) {
    }

    private final BufferedWriter out;
    private final Queue<Attempt> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private volatile long lines;
    private volatile IOException failure;
    private volatile Instant measureFrom = Instant.MAX;

    ConnectRecord(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.newLine();
        this.writer = new Thread(this::writeUntilClosed, "bench-record-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void attempted(int localPort, ProbeOutcome outcome, HandshakeClock clock) {
        queue.add(new Attempt(localPort, outcome, clock, !outcome.startedAt().isBefore(measureFrom)));
    }

    /** Attempts started from now on are marked {@code measure}. */
    void measuring(Instant from) {
        measureFrom = from;
    }

    /** Lines written so far; all of them once {@link #close} returned. */
    long lines() {
        return lines;
    }

    private void writeUntilClosed() {
        try {
            while (true) {
                boolean last = closing;
                Attempt a;
                while ((a = queue.poll()) != null) {
                    write(a);
                }
                if (last) {
                    out.flush();
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        } catch (IOException e) {
            failure = e;
        }
    }

    private void write(Attempt a) throws IOException {
        Instant t = a.outcome().startedAt();
        out.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%s,%s%n", a.localPort(), a.outcome().address(),
                t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000, a.outcome().connectNanos(),
                a.outcome().status().name().toLowerCase(Locale.ROOT), a.outcome().reason().name().toLowerCase(Locale.ROOT),
                a.measured() ? "measure" : "warmup", a.clock().label()));
        lines++;
    }

    /** Writes what is queued and closes the file; call after the prober stopped. */
    @Override
    public void close() throws IOException {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the record", e);
        } finally {
            out.close();
        }
        if (failure != null) {
            throw new UncheckedIOException("cannot write the record", failure);
        }
    }
}
