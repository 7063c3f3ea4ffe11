package dev.vantage.agent.link;

import dev.vantage.agent.config.ResultBuffering;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.ResultKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every result the agent produced, from the probe until the coordinator acknowledges it as stored.
 * Each gets a sequence number (ascending; after a restart with a spill, above those read back); those
 * above the send mark have not gone up the current stream yet. A new stream puts the mark back to the
 * start, so whatever was not acknowledged goes up again: to the same coordinator, a restarted one or a
 * standby; the store keeps one row per result identity, so a resend is a no-op there.
 *
 * <p>A job the agent already answered under an earlier stream (the coordinator handed it out again when
 * that stream ended, not knowing the probe had run) is answered from here, not probed twice: one round,
 * one probe.
 *
 * <p>Bounded: past {@link ResultBuffering#capacity()} the oldest result is dropped, counted and logged
 * (once a minute with the count), so that an outage longer than the buffer costs the oldest results
 * and never the agent's memory. Thread-safe.
 */
final class ResultBuffer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultBuffer.class);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final int capacity;
    private final TreeMap<Long, AgentResult> held = new TreeMap<>();
    /** Sequence of the held result of each round identity (monitor, due time, kind). */
    private final Map<Identity, Long> byIdentity = new HashMap<>();
    private final Optional<ResultSpill> spill;
    private final String agentId;
    private long nextSequence;
    private long sentUpTo;
    private long dropped;
    private long droppedUnlogged;
    private long droppedLoggedAtNanos;
    private long ackedSinceRewrite;
    private boolean spillBroken;

    ResultBuffer(ResultBuffering settings, String agentId) {
        this.capacity = settings.capacity();
        this.agentId = agentId;
        this.spill = settings.spillDir().map(dir -> ResultSpill.open(dir, held));
        this.nextSequence = held.isEmpty() ? 1 : held.lastKey() + 1;
        held.values().forEach(r -> Identity.of(r).ifPresent(id -> byIdentity.put(id, r.getSequence())));
        if (!held.isEmpty()) {
            log.info("agent={} read {} results not yet acknowledged from --spill-dir {}; they go to the coordinator first",
                    agentId, held.size(), settings.spillDir().get());
        }
        while (held.size() > capacity) {
            drop();
        }
    }

    /** Keeps a result (its sequence is set here) until acknowledged. */
    synchronized void add(AgentResult result) {
        AgentResult r = result.toBuilder().setSequence(nextSequence++).build();
        held.put(r.getSequence(), r);
        Identity.of(r).ifPresent(id -> byIdentity.put(id, r.getSequence()));
        spill.ifPresent(s -> write(() -> s.append(r)));
        if (held.size() > capacity) {
            drop();
        }
    }

    /**
     * Answers a job from the held result of the same round (its monitor, due time and kind), when the
     * agent has probed that round already: the result is held again under the job's id, to go up next.
     *
     * @return false when the agent has not probed that round, and the job must run
     */
    synchronized boolean answerAgain(long jobId, long monitorId, long dueAtUnixMs, ResultKind kind) {
        Long seq = dueAtUnixMs == 0 ? null : byIdentity.get(new Identity(monitorId, dueAtUnixMs, kind));
        if (seq == null) {
            return false;
        }
        AgentResult earlier = held.remove(seq);
        forget(earlier);
        spill.ifPresent(s -> write(() -> s.acknowledged(List.of(seq))));
        add(earlier.toBuilder().setJobId(jobId).build());
        return true;
    }

    /** Up to {@code max} results not yet sent on the current stream, oldest first; they count as sent. */
    synchronized List<AgentResult> nextToSend(int max) {
        List<AgentResult> out = new ArrayList<>(Math.min(max, held.size()));
        for (AgentResult r : held.tailMap(sentUpTo, false).values()) {
            if (out.size() == max) {
                break;
            }
            out.add(r);
        }
        if (!out.isEmpty()) {
            sentUpTo = out.get(out.size() - 1).getSequence();
            spill.ifPresent(s -> write(s::sync));
        }
        return out;
    }

    /** The coordinator stored these: forget them. */
    synchronized void acknowledged(Collection<Long> sequences) {
        int before = held.size();
        for (Long seq : sequences) {
            forget(held.remove(seq));
        }
        int removed = before - held.size();
        if (spill.isEmpty() || removed == 0) {
            return;
        }
        ResultSpill s = spill.get();
        ackedSinceRewrite += removed;
        // Start the logs afresh when nothing is held (cheap) or when acknowledgements outgrow what is held.
        if (held.isEmpty() || ackedSinceRewrite > Math.max(capacity, held.size() * 4L)) {
            ackedSinceRewrite = 0;
            write(() -> s.rewrite(held.values()));
        } else {
            write(() -> s.acknowledged(sequences));
        }
    }

    /** A new stream: everything held is sent again. */
    synchronized void resendAll() {
        sentUpTo = 0;
    }

    /** Results held, sent or not, that the coordinator has not acknowledged. */
    synchronized int waiting() {
        return held.size();
    }

    /** Results dropped because the buffer was full. */
    synchronized long dropped() {
        return dropped;
    }

    @Override
    public synchronized void close() {
        spill.ifPresent(s -> write(s::close));
    }

    private void drop() {
        Map.Entry<Long, AgentResult> oldest = held.pollFirstEntry();
        forget(oldest.getValue());
        dropped++;
        droppedUnlogged++;
        long now = System.nanoTime();
        if (droppedLoggedAtNanos == 0 || now - droppedLoggedAtNanos >= LOG_EVERY.toNanos()) {
            log.warn("agent={} result buffer full ({} results, --result-buffer): dropped the oldest, {} since the last line, {} in all; "
                    + "oldest dropped monitor={} due_at_ms={}; the coordinator has not acknowledged results for a while",
                    agentId, capacity, droppedUnlogged, dropped, oldest.getValue().getMonitorId(), oldest.getValue().getDueAtUnixMs());
            droppedUnlogged = 0;
            droppedLoggedAtNanos = now;
        }
    }

    private void forget(AgentResult r) {
        if (r != null) {
            Identity.of(r).ifPresent(id -> byIdentity.remove(id, r.getSequence()));
        }
    }

    /** One round of one monitor at this agent's location; a result without an echoed due time has none. */
    private record Identity(long monitorId, long dueAtUnixMs, ResultKind kind) {
        static Optional<Identity> of(AgentResult r) {
            return r.getDueAtUnixMs() == 0 ? Optional.empty()
                    : Optional.of(new Identity(r.getMonitorId(), r.getDueAtUnixMs(), r.getKind()));
        }
    }

    private interface SpillWrite {
        void run() throws IOException;
    }

    /** A failing spill leaves the results in memory: logged once, until it works again. */
    private void write(SpillWrite w) {
        try {
            w.run();
            if (spillBroken) {
                spillBroken = false;
                log.info("agent={} --spill-dir writable again", agentId);
            }
        } catch (IOException e) {
            if (!spillBroken) {
                spillBroken = true;
                log.warn("agent={} --spill-dir write failed, results stay in memory only until it works again: {}", agentId, e.toString());
            }
        }
    }
}
