package dev.vantage.coordinator.dispatch;

import java.time.Instant;
import java.util.List;

/** What an agent said about itself when it connected. */
public record AgentInfo(
        String agentId,
        String location,
        String version,
        String hostname,
        List<String> sourceAddresses,
        int maxInFlight,
        String peerAddress,
        Instant connectedAt) {

    public AgentInfo {
        sourceAddresses = List.copyOf(sourceAddresses);
    }
}
