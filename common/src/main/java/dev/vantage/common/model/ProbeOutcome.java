package dev.vantage.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What one TCP connect attempt found, as measured by an agent.
 *
 * @param status       {@link StatusCode#OK} or {@link StatusCode#TCP_CONNECTION_FAILED}
 *                     ({@link StatusCode#NO_AGENT_AVAILABLE} and {@link StatusCode#LOCATION_UNHEALTHY} only
 *                     when the coordinator makes them up)
 * @param reason       why it failed, {@link FailureReason#NONE} when connected
 * @param connectNanos SYN sent to connection established; 0 when not connected
 * @param address      "ip:port" connected to or tried last; empty when the name did not resolve
 * @param startedAt    when the attempt started
 * @param message      human-readable detail of a failure; empty when connected
 */
public record ProbeOutcome(
        StatusCode status,
        FailureReason reason,
        long connectNanos,
        String address,
        Instant startedAt,
        String message) {

    public ProbeOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(message, "message");
    }

    public static ProbeOutcome connected(long connectNanos, String address, Instant startedAt) {
        return new ProbeOutcome(StatusCode.OK, FailureReason.NONE, connectNanos, address, startedAt, "");
    }

    public static ProbeOutcome failed(FailureReason reason, String address, Instant startedAt, String message) {
        return new ProbeOutcome(StatusCode.TCP_CONNECTION_FAILED, reason, 0, address, startedAt, message);
    }

    public static ProbeOutcome noAgent(Instant at, String message) {
        return new ProbeOutcome(StatusCode.NO_AGENT_AVAILABLE, FailureReason.NO_AGENT, 0, "", at, message);
    }

    /**
     * What a probe from a DEGRADED location stands for: neither success nor failure. The address and
     * start time stay; what the agent found goes into the message, for history only.
     */
    public ProbeOutcome fromUnhealthyLocation(String location) {
        String found = connected() ? "connected" : reason.label() + (message.isEmpty() ? "" : " (" + message + ")");
        return new ProbeOutcome(StatusCode.LOCATION_UNHEALTHY, FailureReason.LOCATION_UNHEALTHY, 0, address, startedAt,
                "location " + location + " is degraded (its canaries fail), so this probe does not count; it found: " + found);
    }

    public boolean connected() {
        return status == StatusCode.OK;
    }
}
