package dev.vantage.coordinator.decide;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Probe results for decide and alert tests. */
public final class Results {
    public static final long MONITOR = 42;
    private static final AtomicLong JOBS = new AtomicLong(1);

    private Results() {
    }

    public static ProbeResult connected(String location, ResultKind kind, Instant at) {
        return new ProbeResult(JOBS.getAndIncrement(), MONITOR, location, "agent-" + location, kind, at,
                ProbeOutcome.connected(1_000_000, "192.0.2.1:443", at));
    }

    /** Connected after {@code connectTime}. */
    public static ProbeResult connectedAfter(String location, ResultKind kind, Instant at, Duration connectTime) {
        return new ProbeResult(JOBS.getAndIncrement(), MONITOR, location, "agent-" + location, kind, at,
                ProbeOutcome.connected(connectTime.toNanos(), "192.0.2.1:443", at));
    }

    public static ProbeResult refused(String location, ResultKind kind, Instant at) {
        return failed(location, kind, at, FailureReason.REFUSED);
    }

    public static ProbeResult failed(String location, ResultKind kind, Instant at, FailureReason reason) {
        return new ProbeResult(JOBS.getAndIncrement(), MONITOR, location, "agent-" + location, kind, at,
                ProbeOutcome.failed(reason, "192.0.2.1:443", at, reason.label()));
    }

    public static ProbeResult noAgent(String location, ResultKind kind, Instant at) {
        return new ProbeResult(JOBS.getAndIncrement(), MONITOR, location, "", kind, at, ProbeOutcome.noAgent(at, "no agent"));
    }

    /** What the coordinator makes of {@code found} when its location is DEGRADED. */
    public static ProbeResult unhealthy(ProbeResult found) {
        return new ProbeResult(found.jobId(), found.monitorId(), found.location(), found.agentId(), found.kind(), found.dueAt(),
                found.outcome().fromUnhealthyLocation(found.location()));
    }
}
