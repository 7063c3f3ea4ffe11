package dev.vantage.coordinator.decide;

import java.time.Instant;
import java.util.Objects;

/**
 * A location's run of rounds that found the same thing (failing below the DOWN rule, or slow).
 *
 * @param rounds rounds of the run so far (rounds where the location did not answer leave it as it is)
 * @param since  when the first probe of the run ran
 * @param latest what the latest round of the run found
 */
public record Streak<T>(int rounds, Instant since, T latest) {
    public Streak {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(latest, "latest");
        if (rounds < 1) {
            throw new IllegalArgumentException("a streak has at least one round, got " + rounds);
        }
    }
}
