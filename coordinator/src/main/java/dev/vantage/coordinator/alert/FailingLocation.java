package dev.vantage.coordinator.alert;

import dev.vantage.common.model.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * One location that saw the monitor fail: where, why, and when it last did.
 *
 * @param location a location name, e.g. {@code eu-west}
 * @param reason   why the connect failed; never {@link FailureReason#NONE}
 * @param at       when that location's failing probe ran
 */
public record FailingLocation(String location, FailureReason reason, Instant at) {
    public FailingLocation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        if (location.isBlank()) {
            throw new IllegalArgumentException("location is blank");
        }
        if (reason == FailureReason.NONE) {
            throw new IllegalArgumentException("a failing location needs a failure reason, not NONE (location " + location + ")");
        }
    }
}
