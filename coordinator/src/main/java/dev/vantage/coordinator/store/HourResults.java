package dev.vantage.coordinator.store;

import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.store.SummaryAccumulator.LocationHour;
import dev.vantage.coordinator.store.SummaryAccumulator.MonitorHour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled results of one hour of every monitor, added in any order (a scan of the hour by start time) and
 * kept small until each monitor's rollup is taken: per monitor its rounds, per location its counts and the
 * histogram bucket of each connect time. About 2 bytes a connected result and 8 a round plus the objects, so an hour of
 * 250,000 monitors x 3 locations at 60 s (45 million results, 15 million rounds) takes an estimated 300 MiB until the
 * rollups are written.
 */
final class HourResults {
    private final long hourAtMillis;
    private final Map<Long, MonitorResults> monitors = new HashMap<>();
    private final Map<String, Integer> locationIds = new HashMap<>();
    private final List<String> locationNames = new ArrayList<>();

    HourResults(long hourAtMillis) {
        this.hourAtMillis = hourAtMillis;
    }

    /** One scheduled result that started in the hour. */
    void add(long monitorId, String location, long dueAtMillis, int statusCode, long connectNanos) {
        MonitorResults m = monitors.computeIfAbsent(monitorId, id -> new MonitorResults());
        StatusCode status = StatusCode.ofCode(statusCode);
        m.addRound(RoundRuns.pack(dueAtMillis, status.isTargetVerdict()));
        int l = locationIds.computeIfAbsent(location, name -> {
            locationNames.add(name);
            return locationNames.size() - 1;
        });
        m.location(l).add(status, connectNanos);
    }

    /** The monitors with results in the hour, by id. */
    List<Long> monitorIds() {
        return monitors.keySet().stream().sorted().toList();
    }

    /** The rollup of one monitor's hour, as {@link SummaryAccumulator} makes it from the results; forgets its results. */
    MonitorHour take(long monitorId) {
        MonitorResults m = monitors.remove(monitorId);
        SummaryAccumulator sum = new SummaryAccumulator();
        for (int l = 0; l < m.locations.length; l++) {
            LocationResults r = m.locations[l];
            if (r != null) {
                sum.addLocationHour(new LocationHour(locationNames.get(l), r.connected, r.failed, r.noAgent, r.histogram()));
            }
        }
        long[] rounds = m.rounds.sorted();
        for (int i = 0; i < m.rounds.size(); i++) {
            sum.addRound(RoundRuns.dueAt(rounds[i]), RoundRuns.verdict(rounds[i]));
        }
        return sum.monitorHour(monitorId, hourAtMillis);
    }

    private static final class MonitorResults {
        private final LongList rounds = new LongList();
        private LocationResults[] locations = new LocationResults[0];

        /** The results of a round from several locations mostly come one after another: kept as one round then. */
        void addRound(long packed) {
            if (rounds.size() > 0 && RoundRuns.dueAt(rounds.last()) == RoundRuns.dueAt(packed)) {
                rounds.setLast(rounds.last() | packed);
            } else {
                rounds.add(packed);
            }
        }

        LocationResults location(int id) {
            if (id >= locations.length) {
                locations = Arrays.copyOf(locations, id + 1);
            }
            if (locations[id] == null) {
                locations[id] = new LocationResults();
            }
            return locations[id];
        }
    }

    private static final class LocationResults {
        private short[] buckets = new short[0];
        private int connected;
        private int failed;
        private int noAgent;

        void add(StatusCode status, long connectNanos) {
            switch (status) {
                case OK -> {
                    if (connected == buckets.length) {
                        buckets = Arrays.copyOf(buckets, Math.max(8, connected * 2));
                    }
                    // Below 32,768: bucket 2,206 holds the largest long.
                    buckets[connected++] = (short) ConnectHistogram.bucket(connectNanos);
                }
                case TCP_CONNECTION_FAILED -> failed++;
                case NO_AGENT_AVAILABLE -> noAgent++;
                default -> {
                    // counted in no rollup column, as from the results: the location still has an hour
                }
            }
        }

        ConnectHistogram histogram() {
            ConnectHistogram h = new ConnectHistogram();
            for (int i = 0; i < connected; i++) {
                h.addToBucket(buckets[i], 1);
            }
            return h;
        }
    }
}
