package dev.vantage.coordinator.decide;

import dev.vantage.common.model.FailureReason;
import java.time.Instant;
import java.util.Objects;

/**
 * A location that failed to connect in a round: where, why, and when its (last) failing probe ran.
 *
 * @param reason never {@link FailureReason#NONE} or {@link FailureReason#NO_AGENT}
 */
public record LocationFailure(String location, FailureReason reason, Instant at) {
    public LocationFailure {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
