package dev.vantage.coordinator.decide;

import dev.vantage.common.model.SignalRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Flap detection: how often a monitor changed between UP and DOWN lately. Pure: the caller says
 * whether a round changed it and when.
 *
 * <p>Rules: changes older than {@code --flap-window} are forgotten. More than {@code --flap-changes}
 * changes within the window make the monitor FLAPPING; it settles when the changes within the
 * window fall to half of {@code --flap-changes} or fewer (so a monitor at the edge does not flap
 * in and out of FLAPPING itself). With flap detection off nothing is remembered.
 *
 * @param changes       when the monitor changed between UP and DOWN, oldest first, within the window
 * @param flappingSince when it began to flap, while it does
 */
public record FlapWatch(List<Instant> changes, Optional<Instant> flappingSince) {
    public FlapWatch {
        changes = List.copyOf(changes);
        Objects.requireNonNull(flappingSince, "flappingSince");
    }

    public static FlapWatch initial() {
        return new FlapWatch(List.of(), Optional.empty());
    }

    public boolean flapping() {
        return flappingSince.isPresent();
    }

    /** After a round at {@code at} that {@code changed} the monitor between UP and DOWN, or did not. */
    public FlapWatch next(boolean changed, Instant at, SignalRules rules) {
        if (!rules.flapDetectionOn()) {
            return initial();
        }
        Instant horizon = at.minus(rules.flapWindow());
        List<Instant> kept = new ArrayList<>(changes.stream().filter(t -> t.isAfter(horizon)).toList());
        if (changed) {
            kept.add(at);
        }
        Optional<Instant> since = flappingSince;
        if (since.isEmpty() && kept.size() > rules.flapChanges()) {
            since = Optional.of(at);
        } else if (since.isPresent() && kept.size() <= rules.flapChanges() / 2) {
            since = Optional.empty();
        }
        return new FlapWatch(kept, since);
    }
}
