package dev.vantage.coordinator.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A period [{@code from}, {@code to}) with no active coordinator: rounds due in it were not run on time.
 * It counts for a monitor when it is longer than the monitor's interval (a shorter one delays at most one
 * round, which the catch-up runs late).
 */
public record CoordinatorGap(Instant from, Instant to) {
    public CoordinatorGap {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("gap ends before it starts: " + from + " to " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** Whether a monitor running every {@code interval} lost more than a round to this gap. */
    public boolean countsFor(Duration interval) {
        return length().compareTo(interval) > 0;
    }
}
