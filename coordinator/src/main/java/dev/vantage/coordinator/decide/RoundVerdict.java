package dev.vantage.coordinator.decide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one round.
 *
 * @param dueAt       when the round was due
 * @param failing     the failures that count (non-empty exactly for {@link Verdict#ERROR})
 * @param unconfirmed failures seen but not counted (verification connected, not the home location,
 *                    below the SLA threshold, a lone round-robin failure)
 * @param connected   the locations that connected this round (possibly after their retry), slow ones included
 * @param slow        of those, the ones slower than {@code --warn-connect-time}: a warning, never a failure
 */
public record RoundVerdict(Verdict verdict, Instant dueAt, List<LocationFailure> failing, List<LocationFailure> unconfirmed,
                           List<String> connected, List<SlowConnect> slow) {
    public RoundVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(dueAt, "dueAt");
        failing = List.copyOf(failing);
        unconfirmed = List.copyOf(unconfirmed);
        connected = List.copyOf(connected);
        slow = List.copyOf(slow);
        if ((verdict == Verdict.ERROR) == failing.isEmpty()) {
            throw new IllegalArgumentException("an ERROR round, and only it, has counted failures: " + verdict + " " + failing);
        }
    }

    /** A verdict that says nothing about which locations connected. */
    public RoundVerdict(Verdict verdict, Instant dueAt, List<LocationFailure> failing, List<LocationFailure> unconfirmed) {
        this(verdict, dueAt, failing, unconfirmed, List.of(), List.of());
    }

    /** The same verdict, knowing which locations connected and which of them were slow. */
    public RoundVerdict withConnected(List<String> newConnected, List<SlowConnect> newSlow) {
        return new RoundVerdict(verdict, dueAt, failing, unconfirmed, newConnected, newSlow);
    }

    /** Every failure of the round, counted or not. */
    public List<LocationFailure> allFailures() {
        List<LocationFailure> all = new ArrayList<>(failing);
        all.addAll(unconfirmed);
        return all;
    }

    public static RoundVerdict ok(Instant dueAt) {
        return new RoundVerdict(Verdict.OK, dueAt, List.of(), List.of());
    }

    public static RoundVerdict unknown(Instant dueAt) {
        return new RoundVerdict(Verdict.UNKNOWN, dueAt, List.of(), List.of());
    }

    public static RoundVerdict error(Instant dueAt, List<LocationFailure> failing) {
        return new RoundVerdict(Verdict.ERROR, dueAt, failing, List.of());
    }

    public static RoundVerdict warning(Instant dueAt, List<LocationFailure> unconfirmed) {
        return new RoundVerdict(Verdict.WARNING, dueAt, List.of(), unconfirmed);
    }

    /** When the earliest counted failure ran. */
    public Optional<Instant> firstFailureAt() {
        return failing.stream().map(LocationFailure::at).min(Comparator.naturalOrder());
    }
}
