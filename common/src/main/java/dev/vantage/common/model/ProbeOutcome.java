package dev.vantage.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What one TCP connect attempt found, as measured by an agent.
 *
 * @param status       {@link StatusCode#OK} or {@link StatusCode#TCP_CONNECTION_FAILED}
 *                     ({@link StatusCode#NO_AGENT_AVAILABLE} only when the coordinator makes it up)
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

    public boolean connected() {
        return status == StatusCode.OK;
    }
}
