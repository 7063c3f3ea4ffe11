package dev.vantage.coordinator.page;

import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.store.HourlyCount;
import dev.vantage.coordinator.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last 24 hours of each monitor and location as 24 hourly availability figures: connected /
 * (connected + failed) of its scheduled results in that hour, in percent; null for an hour with no
 * verdict (no result, or only "no agent available", which says nothing about the target).
 *
 * <p>Counted by the store for a page of monitors at a time and kept: a monitor's whole day is read once,
 * then only its last two hours (the current one, and the one before for results that arrived late) when
 * they are older than {@code maxAge}. A status page polled every few seconds must not read a day of
 * results each time: at a 10-second interval that is 17,280 results per monitor of two locations.
 */
final class AvailabilityBars {
    static final int HOURS = 24;
    /** Monitors kept; a few pages' worth beyond what one viewer pages through. */
    private static final int KEPT = 5_000;

    private final Store store;
    private final Duration maxAge;
    private final Map<Long, Counts> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Counts> eldest) {
            return size() > KEPT;
        }
    };

    AvailabilityBars(Store store, Duration maxAge) {
        this.store = store;
        this.maxAge = maxAge;
    }

    /** The first hour of the bars at {@code now}: 23 hours before the current one. */
    static Instant firstHour(Instant now) {
        return now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
    }

    /**
     * Per monitor of {@code monitorIds}, per location with results in the last 24 hours, 24 figures oldest
     * first, each a percentage or null; a location with no results at all is absent.
     */
    synchronized Map<Long, Map<String, List<Double>>> of(Collection<Long> monitorIds, Instant now) {
        Instant first = firstHour(now);
        Instant recent = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<Long> unread = new ArrayList<>();
        List<Long> stale = new ArrayList<>();
        for (long id : monitorIds) {
            Counts c = cache.get(id);
            if (c == null) {
                unread.add(id);
            } else if (c.readAt.plus(maxAge).isBefore(now)) {
                stale.add(id);
            }
        }
        read(unread, first, now);
        read(stale, recent, now);
        Map<Long, Map<String, List<Double>>> out = new HashMap<>();
        for (long id : monitorIds) {
            out.put(id, cache.get(id).bars(first));
        }
        return out;
    }

    /** Counts the hours from {@code since} on of {@code ids} again, replacing what was kept for them. */
    private void read(List<Long> ids, Instant since, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        for (long id : ids) {
            cache.computeIfAbsent(id, k -> new Counts()).forget(since, now);
        }
        for (HourlyCount c : store.hourlyCounts(ids, since)) {
            cache.get(c.monitorId()).add(c);
        }
    }

    /** One monitor's results per location and hour: {connected, failed}. */
    private static final class Counts {
        private final Map<String, Map<Instant, long[]>> byLocation = new HashMap<>();
        private Instant readAt = Instant.EPOCH;

        /** Drops the hours from {@code since} on, about to be read again at {@code now}. */
        void forget(Instant since, Instant now) {
            byLocation.values().forEach(hours -> hours.keySet().removeIf(hour -> !hour.isBefore(since)));
            readAt = now;
        }

        void add(HourlyCount c) {
            long[] hour = byLocation.computeIfAbsent(c.location(), k -> new HashMap<>()).computeIfAbsent(c.hour(), k -> new long[2]);
            if (c.statusCode() == StatusCode.OK.code()) {
                hour[0] += c.count();
            } else if (StatusCode.ofCode(c.statusCode()).isTargetVerdict()) {
                // no agent (90) and an unhealthy location (91) say nothing about the target
                hour[1] += c.count();
            }
        }

        /** The 24 figures of each location from {@code first}; hours before it are dropped for good. */
        Map<String, List<Double>> bars(Instant first) {
            Map<String, List<Double>> out = new HashMap<>();
            byLocation.values().forEach(hours -> hours.keySet().removeIf(hour -> hour.isBefore(first)));
            byLocation.forEach((location, hours) -> {
                if (hours.isEmpty()) {
                    return;
                }
                List<Double> figures = new ArrayList<>(HOURS);
                for (int i = 0; i < HOURS; i++) {
                    long[] hour = hours.get(first.plus(Duration.ofHours(i)));
                    long verdicts = hour == null ? 0 : hour[0] + hour[1];
                    figures.add(verdicts == 0 ? null : Math.round(hour[0] * 10_000.0 / verdicts) / 100.0);
                }
                out.put(location, figures);
            });
            return out;
        }
    }
}
