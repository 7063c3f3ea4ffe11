package dev.vantage.agent.run;

import dev.vantage.common.model.ProbeOutcome;
import java.util.Objects;

/** What one job found, tagged with the job it answers. */
public record JobResult(long jobId, long monitorId, ProbeOutcome outcome) {
    public JobResult {
        Objects.requireNonNull(outcome, "outcome");
    }
}
