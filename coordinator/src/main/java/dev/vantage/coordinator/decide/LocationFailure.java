package dev.vantage.coordinator.decide;

import dev.vantage.common.model.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * A location that failed to connect: where, why, and when its (last) failing probe ran. What a
 * round's verdict counts, what {@code status} shows for WARNING and DOWN, and what every alert lists
 * as its failing locations.
 *
 * @param location a location name, e.g. {@code eu-west}
 * @param reason   why the connect failed; never {@link FailureReason#NONE} (and, from a round, never
 *                 {@link FailureReason#NO_AGENT}: that is not a target failure)
 * @param at       when that location's failing probe ran
 */
public record LocationFailure(String location, FailureReason reason, Instant at) {
    public LocationFailure {
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
