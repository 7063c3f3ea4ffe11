package dev.vantage.coordinator.bench.chaos;

import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.schedule.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arithmetic of a chaos run, on rows read from the store: no clock, no I/O.
 *
 * <p>A monitor's rounds fall due on its beat ({@link Phase#nextDue}), every location of the monitor
 * probing in each (the benchmark's monitors use the default, parallel mode). Each due
 * (monitor, location, due time) in the window is exactly one of: stored (a first-try row exists),
 * a gap round (no row, and the due time lies in a period the coordinators recorded as having no active
 * coordinator) or missing. A catch-up round, run late and off the beat, counts for the round it stands in for. So {@code due == firstTries + gapRounds + missing} always holds; a run that
 * keeps every promise has {@code missing == 0} and {@code duplicated == 0}.
 */
final class ChaosCount {
    /** Kinds that follow a first try; every other kind (scheduled, or a catch-up kind yet to come) is a first try. */
    private static final Set<String> FOLLOW_UPS = Set.of("RETRY", "VERIFY", "ON_DEMAND");

    private ChaosCount() {
    }

    /** A monitor as the schedule sees it. */
    record Beat(long monitorId, Duration interval, List<String> locations) {
        Beat {
            locations = List.copyOf(locations);
        }
    }

    /** One row of {@code results}, as much of it as the count needs; times in epoch milliseconds. */
    record Row(long jobId, long monitorId, String location, long dueAt, String kind, int statusCode) {
        boolean firstTry() {
            return !FOLLOW_UPS.contains(kind);
        }
    }

    /** A recorded period [from, to) with no active coordinator; epoch milliseconds. */
    record Gap(long from, long to) {
        boolean covers(long t) {
            return from <= t && t < to;
        }
    }

    /**
     * @param due            rounds due in the window, one per monitor, location and due time
     * @param stored         rows in the window, every kind, duplicates included
     * @param firstTries     due rounds with a first-try row: on time, or a catch-up ({@code late})
     * @param late           of those, the ones a catch-up round stood in for
     * @param missing        due rounds with no row, outside every recorded gap
     * @param duplicated     rows beyond the first for the same monitor, location, due time and kind
     * @param gapRounds      due rounds with no row, inside a recorded gap
     * @param offSchedule    first-try rows in the window off the monitor's beat that stand in for no missed round
     * @param noAgent        due rounds whose first try says "no agent available"
     * @param repeatedJobIds job ids found on more than one row in the window
     */
    record Tally(long due, long stored, long firstTries, long late, long missing, long duplicated, long gapRounds, long offSchedule,
                 long noAgent, long repeatedJobIds) {
        boolean balances() {
            return due == firstTries + missing + gapRounds;
        }
    }

    private record Key(long monitorId, String location, long dueAt) {
    }

    private record KindKey(Key key, String kind) {
    }

    /**
     * Counts the window [from, to) in epoch milliseconds. Rows due before it are ignored; rows due after it
     * count only as catch-ups for rounds due in it.
     *
     * <p>A catch-up round (after a time with no active coordinator) runs once, off the beat, at a time of its
     * own: a first-try row off the beat stands in for the latest round of its monitor and location due before
     * it that has no row yet.
     */
    static Tally count(List<Beat> beats, long from, long to, List<Row> rows, List<Gap> gaps) {
        Map<Long, Beat> byId = new HashMap<>();
        beats.forEach(b -> byId.put(b.monitorId(), b));
        Map<Key, Integer> firstTryCode = new HashMap<>();
        Map<KindKey, Integer> perKind = new HashMap<>();
        Map<Long, Integer> perJob = new HashMap<>();
        List<Row> offBeat = new ArrayList<>();
        long stored = 0;
        for (Row r : rows) {
            if (r.dueAt() < from) {
                continue;
            }
            boolean inWindow = r.dueAt() < to;
            Key key = new Key(r.monitorId(), r.location(), r.dueAt());
            if (inWindow) {
                stored++;
                perKind.merge(new KindKey(key, r.kind()), 1, Integer::sum);
                perJob.merge(r.jobId(), 1, Integer::sum);
            }
            if (!r.firstTry()) {
                continue;
            }
            Beat beat = byId.get(r.monitorId());
            if (beat != null && Phase.nextDue(beat.monitorId(), beat.interval(), r.dueAt() - 1) == r.dueAt()) {
                if (inWindow) {
                    firstTryCode.putIfAbsent(key, r.statusCode());
                }
            } else {
                offBeat.add(r);
            }
        }
        Map<Key, Integer> lateCode = new HashMap<>();
        long offSchedule = 0;
        offBeat.sort(Comparator.comparingLong(Row::dueAt));
        for (Row r : offBeat) {
            Beat beat = byId.get(r.monitorId());
            Key stands = beat == null ? null : latestWithoutRow(beat, r.location(), from, Math.min(r.dueAt(), to), firstTryCode, lateCode);
            if (stands != null) {
                lateCode.put(stands, r.statusCode());
            } else if (r.dueAt() < to) {
                offSchedule++;
            }
        }
        long due = 0;
        long firstTries = 0;
        long late = 0;
        long missing = 0;
        long gapRounds = 0;
        long noAgent = 0;
        for (Beat b : beats) {
            for (long t = Phase.nextDue(b.monitorId(), b.interval(), from - 1); t < to; t = Phase.nextDue(b.monitorId(), b.interval(), t)) {
                for (String location : b.locations()) {
                    Key key = new Key(b.monitorId(), location, t);
                    due++;
                    Integer code = firstTryCode.get(key);
                    if (code == null && (code = lateCode.get(key)) != null) {
                        late++;
                    }
                    if (code != null) {
                        firstTries++;
                        noAgent += code == StatusCode.NO_AGENT_AVAILABLE.code() ? 1 : 0;
                    } else if (inGap(t, gaps)) {
                        gapRounds++;
                    } else {
                        missing++;
                    }
                }
            }
        }
        long duplicated = perKind.values().stream().mapToLong(n -> n - 1L).sum();
        long repeatedJobIds = perJob.values().stream().filter(n -> n > 1).count();
        return new Tally(due, stored, firstTries, late, missing, duplicated, gapRounds, offSchedule, noAgent, repeatedJobIds);
    }

    /** The latest due round of the monitor at the location in [from, before) with no row yet, or null. */
    private static Key latestWithoutRow(Beat b, String location, long from, long before, Map<Key, Integer> onTime, Map<Key, Integer> late) {
        if (!b.locations().contains(location)) {
            return null;
        }
        Key found = null;
        for (long t = Phase.nextDue(b.monitorId(), b.interval(), from - 1); t < before; t = Phase.nextDue(b.monitorId(), b.interval(), t)) {
            Key key = new Key(b.monitorId(), location, t);
            if (!onTime.containsKey(key) && !late.containsKey(key)) {
                found = key;
            }
        }
        return found;
    }

    private static boolean inGap(long t, List<Gap> gaps) {
        return gaps.stream().anyMatch(g -> g.covers(t));
    }
}
