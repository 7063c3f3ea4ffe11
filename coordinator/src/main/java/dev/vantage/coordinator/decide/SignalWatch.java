package dev.vantage.coordinator.decide;

import dev.vantage.common.model.SignalRules;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a monitor's rounds found location by location, beyond the round's own verdict: which locations
 * keep failing (for REGIONAL) and which keep connecting slowly (for the slow-connect WARNING). Pure:
 * no clock, no I/O; {@link #next} takes a round's verdict.
 *
 * <p>Rules:
 * <ul>
 *   <li>a location that failed this round, whether the mode counted the failure or not, extends its
 *       failing streak (or starts one); one that connected ends it; one that did not answer (not its
 *       round-robin turn, no agent) leaves it as it is;</li>
 *   <li>REGIONAL lists the locations failing {@code --regional-after} rounds or more, each with the
 *       time its streak began and its latest reason; the caller shows it only while the monitor is
 *       not DOWN (a minority failing below the DOWN rule);</li>
 *   <li>a location that connected slower than {@code --warn-connect-time} extends its slow streak; one
 *       that connected in time or failed ends it; after {@code --warn-after} rounds it is listed as slow.</li>
 * </ul>
 *
 * @param failing by location, the streak of rounds it failed in
 * @param slow    by location, the streak of rounds it connected slowly in
 */
public record SignalWatch(Map<String, Streak<LocationFailure>> failing, Map<String, Streak<SlowConnect>> slow) {
    public SignalWatch {
        failing = Map.copyOf(failing);
        slow = Map.copyOf(slow);
    }

    public static SignalWatch initial() {
        return new SignalWatch(Map.of(), Map.of());
    }

    /** After a round with {@code verdict}. */
    public SignalWatch next(RoundVerdict verdict) {
        Map<String, Streak<LocationFailure>> nextFailing = new LinkedHashMap<>(failing);
        Map<String, Streak<SlowConnect>> nextSlow = new LinkedHashMap<>(slow);
        for (LocationFailure f : verdict.allFailures()) {
            nextFailing.put(f.location(), extend(failing.get(f.location()), f, f.at()));
            nextSlow.remove(f.location());
        }
        for (String location : verdict.connected()) {
            nextFailing.remove(location);
            nextSlow.remove(location);
        }
        for (SlowConnect s : verdict.slow()) {
            nextSlow.put(s.location(), extend(slow.get(s.location()), s, s.at()));
        }
        return new SignalWatch(nextFailing, nextSlow);
    }

    /**
     * The locations failing for {@code --regional-after} rounds or more, ordered by location: each
     * with its latest reason and, as {@link LocationFailure#at()}, when its streak began. Empty when
     * REGIONAL is off.
     */
    public List<LocationFailure> regional(SignalRules rules) {
        if (!rules.regionalOn()) {
            return List.of();
        }
        return failing.entrySet().stream()
                .filter(e -> e.getValue().rounds() >= rules.regionalAfter())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new LocationFailure(e.getKey(), e.getValue().latest().reason(), e.getValue().since()))
                .toList();
    }

    /** The locations slow for {@code --warn-after} rounds or more, with their latest connect; empty when the warning is off. */
    public List<SlowConnect> slow(SignalRules rules) {
        if (rules.warnConnectTime().isEmpty()) {
            return List.of();
        }
        return slow.entrySet().stream()
                .filter(e -> e.getValue().rounds() >= rules.warnAfter())
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue().latest())
                .toList();
    }

    /** When the earliest of {@code locations}' streaks began. */
    public Optional<Instant> since(List<String> locations, boolean slowStreaks) {
        Map<String, ? extends Streak<?>> streaks = slowStreaks ? slow : failing;
        return locations.stream().map(streaks::get).filter(Objects::nonNull).map(Streak::since).min(Comparator.naturalOrder());
    }

    private static <T> Streak<T> extend(Streak<T> previous, T latest, Instant at) {
        return previous == null ? new Streak<>(1, at, latest) : new Streak<>(previous.rounds() + 1, previous.since(), latest);
    }
}
