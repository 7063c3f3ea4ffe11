package dev.vantage.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored probe result: which monitor, from where, by whom, why, and what it found.
 *
 * @param agentId empty when no agent ran the job
 * @param dueAt   when the probe was due (for schedule lateness)
 */
public record ProbeResult(
        long jobId,
        long monitorId,
        String location,
        String agentId,
        ResultKind kind,
        Instant dueAt,
        ProbeOutcome outcome) {

    public ProbeResult {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
