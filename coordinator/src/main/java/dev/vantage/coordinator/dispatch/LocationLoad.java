package dev.vantage.coordinator.dispatch;

/**
 * One location's share of the dispatcher's work right now.
 *
 * @param agents   agents connected
 * @param queued   jobs waiting for an agent with credit
 * @param inFlight jobs held by its agents, not yet answered
 */
public record LocationLoad(int agents, int queued, int inFlight) {
}
