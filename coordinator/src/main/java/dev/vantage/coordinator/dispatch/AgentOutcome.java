package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.ProbeOutcome;

/** An agent's answer to one job. */
public record AgentOutcome(long jobId, ProbeOutcome outcome) {
}
