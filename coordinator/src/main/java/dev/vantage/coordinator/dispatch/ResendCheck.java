package dev.vantage.coordinator.dispatch;

import java.time.Instant;

/**
 * Whether an agent may report a result of a job this coordinator does not hold: one an earlier
 * coordinator process (restarted, or the one this standby took over from) gave it, sent again
 * because it was never acknowledged as stored. Anything else answers no job and marks a broken or
 * hostile agent.
 */
@FunctionalInterface
public interface ResendCheck {
    /**
     * @return true when a monitor {@code monitorId} exists, probes from {@code location}, and
     *         {@code dueAt} is a time its result may still be stored for
     * @throws RuntimeException when the store cannot tell now
     */
    boolean plausible(String location, long monitorId, Instant dueAt);
}
