package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.ResultKind;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One probe to run from one location.
 *
 * @param staleAtMillis a job no agent has taken by then becomes a "no agent available" result
 * @param onResult      receives exactly one result for the job
 */
public record Job(
        long jobId,
        long monitorId,
        String location,
        ProbeTarget target,
        ResultKind kind,
        Instant dueAt,
        long staleAtMillis,
        Consumer<ProbeResult> onResult) {
}
