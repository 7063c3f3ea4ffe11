package dev.vantage.coordinator.decide;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a round-robin monitor carries from one round to the next (persist it with the monitor's
 * alert state if round-robin should survive a restart exactly; starting over from
 * {@link #initial()} only costs one round of memory).
 *
 * @param nextIndex          index in the monitor's locations of the one whose turn is next (taken modulo their number)
 * @param lastFailedLocation the location whose round failed last, if the last round that answered failed
 */
public record RoundRobinState(int nextIndex, Optional<String> lastFailedLocation) {
    public RoundRobinState {
        Objects.requireNonNull(lastFailedLocation, "lastFailedLocation");
        if (nextIndex < 0) {
            throw new IllegalArgumentException("nextIndex " + nextIndex + " is negative");
        }
    }

    public static RoundRobinState initial() {
        return new RoundRobinState(0, Optional.empty());
    }

    /** The location whose turn it is. */
    public String turn(List<String> locations) {
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("a monitor without locations has no turn");
        }
        return locations.get(nextIndex % locations.size());
    }

    /** The index of the turn in {@code locations}. */
    int turnIndex(List<String> locations) {
        return nextIndex % locations.size();
    }
}
