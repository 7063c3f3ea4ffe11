package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ResultKind;
import java.time.Instant;

/**
 * An agent's answer to one job, with the job's identity as the agent echoes it: the monitor, why it
 * ran and when it was due. With the agent's location that identifies the result, also to a
 * coordinator that never issued the job (it restarted, or took over as the standby).
 *
 * @param dueAt {@link Instant#EPOCH} when the agent echoed no identity (an agent older than resends)
 */
public record AgentOutcome(long jobId, long monitorId, ResultKind kind, Instant dueAt, ProbeOutcome outcome) {

    /** Whether the agent echoed the job's identity. */
    public boolean echoed() {
        return !Instant.EPOCH.equals(dueAt);
    }

    /** Whether this answers {@code job}: same id and, when echoed, the same identity (ids may repeat across coordinator starts). */
    boolean answers(Job job) {
        return job.jobId() == jobId && (!echoed() || job.monitorId() == monitorId && job.kind() == kind
                && job.dueAt().toEpochMilli() == dueAt.toEpochMilli());
    }
}
