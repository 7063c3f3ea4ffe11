package dev.vantage.agent.link;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.ResultAck;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's results on disk, so that an agent restart keeps those not yet acknowledged: an
 * append-only log of results and one of acknowledged sequences, both length-delimited protobuf.
 * Reading them back drops the acknowledged ones and a record cut short by a crash; {@link #rewrite}
 * starts both logs afresh with what is still held, so they do not grow without bound.
 *
 * <p>Written by the link's threads under the buffer's lock. Appends go to the operating system at
 * each {@link #sync}, which the link calls before sending: a killed agent loses at most the results
 * of the last few milliseconds that it had not sent yet; a crashed machine may lose what the kernel
 * had not written.
 */
final class ResultSpill implements AutoCloseable {
    private static final String RESULTS = "results.log";
    private static final String ACKS = "acks.log";

    private final Path dir;
    private OutputStream results;
    private OutputStream acks;

    private ResultSpill(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the spill in {@code dir} (made if missing) and reads back what it holds.
     *
     * @param into receives the results not acknowledged, by sequence
     * @throws UncheckedIOException naming --spill-dir when the directory cannot be used
     */
    static ResultSpill open(Path dir, TreeMap<Long, AgentResult> into) {
        ResultSpill spill = new ResultSpill(dir);
        try {
            Files.createDirectories(dir);
            Set<Long> acked = new HashSet<>();
            try (InputStream in = Files.newInputStream(dir.resolve(ACKS))) {
                ResultAck a;
                while ((a = readAck(in)) != null) {
                    acked.addAll(a.getSequencesList());
                }
            } catch (NoSuchFileException e) {
                // nothing acknowledged yet
            }
            try (InputStream in = Files.newInputStream(dir.resolve(RESULTS))) {
                AgentResult r;
                while ((r = readResult(in)) != null) {
                    if (!acked.contains(r.getSequence())) {
                        into.put(r.getSequence(), r);
                    }
                }
            } catch (NoSuchFileException e) {
                // a new spill
            }
            spill.rewrite(into.values());
            return spill;
        } catch (IOException e) {
            throw new UncheckedIOException("--spill-dir: cannot use " + dir + ": " + e.getMessage()
                    + "; give a directory this agent may write, or leave the option out", e);
        }
    }

    private static AgentResult readResult(InputStream in) throws IOException {
        byte[] record = readRecord(in);
        try {
            return record == null ? null : AgentResult.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            return null; // a damaged log: keep what came before
        }
    }

    private static ResultAck readAck(InputStream in) throws IOException {
        byte[] record = readRecord(in);
        try {
            return record == null ? null : ResultAck.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /**
     * One length-delimited record; null at the end of the log or at a record cut short by a crash (its
     * length promises more bytes than follow), which was never acknowledged nor complete.
     */
    private static byte[] readRecord(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length;
        try {
            length = CodedInputStream.readRawVarint32(first, in);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
        byte[] record = in.readNBytes(length);
        return record.length == length ? record : null;
    }

    void append(AgentResult r) throws IOException {
        r.writeDelimitedTo(results);
    }

    void acknowledged(Collection<Long> sequences) throws IOException {
        ResultAck.newBuilder().addAllSequences(sequences).build().writeDelimitedTo(acks);
    }

    /** Hands what was appended to the operating system. */
    void sync() throws IOException {
        results.flush();
        acks.flush();
    }

    /** Replaces both logs with {@code held} and no acknowledgements (write aside, then rename over). */
    void rewrite(Collection<AgentResult> held) throws IOException {
        closeStreams();
        Path fresh = dir.resolve(RESULTS + ".new");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fresh))) {
            for (AgentResult r : held) {
                r.writeDelimitedTo(out);
            }
        }
        Files.move(fresh, dir.resolve(RESULTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(dir.resolve(ACKS));
        results = new BufferedOutputStream(Files.newOutputStream(dir.resolve(RESULTS), StandardOpenOption.APPEND));
        acks = new BufferedOutputStream(Files.newOutputStream(dir.resolve(ACKS), StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    private void closeStreams() throws IOException {
        for (OutputStream s : new OutputStream[] {results, acks}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Override
    public void close() throws IOException {
        closeStreams();
    }
}
