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
 * (connected + failed) of its scheduled results in that hour, in percent; empty for an hour with no
 * verdict (no result, or only "no agent available", which says nothing about the target). Read from the
 * store for a page of monitors at a time and kept for {@link #maxAge}: the bars move by the hour, and a
 * status page polled every few seconds must not read a day of results each time.
 */
final class AvailabilityBars {
    static final int HOURS = 24;
    /** Monitors kept; a few pages' worth beyond what one viewer pages through. */
    private static final int KEPT = 5_000;

    private final Store store;
    private final Duration maxAge;
    private final Map<Long, Entry> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
            return size() > KEPT;
        }
    };

    /** One monitor's bars, read at {@code readAt} for the 24 hours ending with the hour {@code lastHour}. */
    private record Entry(Instant readAt, Instant lastHour, Map<String, List<Double>> bars) {
    }

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
        Instant lastHour = now.truncatedTo(ChronoUnit.HOURS);
        List<Long> stale = new ArrayList<>();
        for (long id : monitorIds) {
            Entry e = cache.get(id);
            if (e == null || !e.lastHour().equals(lastHour) || e.readAt().plus(maxAge).isBefore(now)) {
                stale.add(id);
            }
        }
        if (!stale.isEmpty()) {
            read(stale, now, lastHour);
        }
        Map<Long, Map<String, List<Double>>> out = new HashMap<>();
        for (long id : monitorIds) {
            out.put(id, cache.get(id).bars());
        }
        return out;
    }

    private void read(List<Long> ids, Instant now, Instant lastHour) {
        Instant first = firstHour(now);
        Map<Long, Map<String, long[][]>> counts = new HashMap<>();
        for (HourlyCount c : store.hourlyCounts(ids, first)) {
            int hour = (int) Duration.between(first, c.hour()).toHours();
            if (hour < 0 || hour >= HOURS) {
                continue;
            }
            long[][] byHour = counts.computeIfAbsent(c.monitorId(), k -> new HashMap<>())
                    .computeIfAbsent(c.location(), k -> new long[HOURS][2]);
            if (c.statusCode() == StatusCode.OK.code()) {
                byHour[hour][0] += c.count();
            } else if (c.statusCode() != StatusCode.NO_AGENT_AVAILABLE.code()) {
                byHour[hour][1] += c.count();
            }
        }
        for (long id : ids) {
            Map<String, List<Double>> bars = new HashMap<>();
            counts.getOrDefault(id, Map.of()).forEach((location, byHour) -> bars.put(location, percentages(byHour)));
            cache.put(id, new Entry(now, lastHour, bars));
        }
    }

    private static List<Double> percentages(long[][] byHour) {
        List<Double> out = new ArrayList<>(HOURS);
        for (long[] hour : byHour) {
            long verdicts = hour[0] + hour[1];
            out.add(verdicts == 0 ? null : Math.round(hour[0] * 10_000.0 / verdicts) / 100.0);
        }
        return out;
    }
}
