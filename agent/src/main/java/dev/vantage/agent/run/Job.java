package dev.vantage.agent.run;

import dev.vantage.common.model.ProbeTarget;
import java.util.Objects;

/** One probe to run, as the coordinator asked for it. */
public record Job(long jobId, long monitorId, ProbeTarget target) {
    public Job {
        Objects.requireNonNull(target, "target");
    }
}
