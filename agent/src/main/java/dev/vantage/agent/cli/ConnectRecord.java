package dev.vantage.agent.cli;

import dev.vantage.agent.probe.ConnectObserver;
import dev.vantage.common.model.ProbeOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code bench probe --record FILE}: one CSV line per connect attempt, in the order attempts ended,
 * so the prober's connect times can be joined with a packet capture by source port
 * ({@code deploy/bench/connect-accuracy.sh}). Columns:
 * {@code local_port,remote,started_at_us,connect_nanos,status,reason,phase}, where
 * {@code started_at_us} is the wall-clock start of the attempt in microseconds since the epoch and
 * {@code phase} is {@code warmup} or {@code measure} (attempts started before or after the bench's
 * warm-up ended).
 */
final class ConnectRecord implements ConnectObserver, AutoCloseable {
    static final String HEADER = "local_port,remote,started_at_us,connect_nanos,status,reason,phase";

    private final BufferedWriter out;
    private long lines;
    private volatile Instant measureFrom = Instant.MAX;

    ConnectRecord(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.newLine();
    }

    @Override
    public synchronized void attempted(int localPort, ProbeOutcome outcome) {
        Instant t = outcome.startedAt();
        try {
            out.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%s,%s,%s%n", localPort, outcome.address(),
                    t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000, outcome.connectNanos(),
                    outcome.status().name().toLowerCase(Locale.ROOT), outcome.reason().name().toLowerCase(Locale.ROOT),
                    t.isBefore(measureFrom) ? "warmup" : "measure"));
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Attempts started from now on are marked {@code measure}. */
    void measuring(Instant from) {
        measureFrom = from;
    }

    synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
