package dev.vantage.coordinator.store;

import dev.vantage.common.model.StatusCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up scheduled results and hourly rollups into one {@link ResultSummary}, or into the rollup of one
 * monitor-hour. A round whose results fall on both sides of an hour is in both hours' rollups and counted
 * once here: rounds are merged by due time.
 */
final class SummaryAccumulator {
    private static final StatusCode[] STATUSES = StatusCode.values();

    /** Per location, results by {@link StatusCode#ordinal()}. */
    private final Map<String, long[]> counts = new TreeMap<>();
    private final LongList rounds = new LongList();
    private final Map<String, LongList> connectNanos = new TreeMap<>();
    private final Map<String, ConnectHistogram> histograms = new TreeMap<>();
    private boolean fromRollups;

    /** One scheduled result. */
    void addResult(String location, long dueAtMillis, int statusCode, long connectNanos) {
        StatusCode status = StatusCode.ofCode(statusCode);
        counts.computeIfAbsent(location, l -> new long[STATUSES.length])[status.ordinal()]++;
        addRound(dueAtMillis, status.isTargetVerdict());
        if (status == StatusCode.OK) {
            this.connectNanos.computeIfAbsent(location, l -> new LongList()).add(connectNanos);
        }
    }

    /** One round of a result; a round added more than once counts once, with a verdict if any of its results had one. */
    void addRound(long dueAtMillis, boolean verdict) {
        rounds.add(RoundRuns.pack(dueAtMillis, verdict));
    }

    /** One location-hour of a rollup: from then on the summary's connect times are histograms. */
    void addLocationHour(LocationHour hour) {
        long[] c = counts.computeIfAbsent(hour.location(), l -> new long[STATUSES.length]);
        c[StatusCode.OK.ordinal()] += hour.connected();
        c[StatusCode.TCP_CONNECTION_FAILED.ordinal()] += hour.failed();
        c[StatusCode.NO_AGENT_AVAILABLE.ordinal()] += hour.noAgent();
        histograms.computeIfAbsent(hour.location(), l -> new ConnectHistogram()).addAll(hour.connectTimes());
        fromRollups = true;
    }

    /** The rounds of one monitor-hour of a rollup. */
    void addRounds(long hourAtMillis, byte[] blob) {
        RoundRuns.decode(hourAtMillis, blob, rounds);
        fromRollups = true;
    }

    ResultSummary summary() {
        List<ResultSummary.StatusCount> statusCounts = new ArrayList<>();
        counts.forEach((location, c) -> {
            for (StatusCode s : STATUSES) {
                if (c[s.ordinal()] != 0) {
                    statusCounts.add(new ResultSummary.StatusCount(location, s.code(), c[s.ordinal()]));
                }
            }
        });
        List<ResultSummary.Round> roundList = new ArrayList<>();
        long[] merged = mergedRounds();
        for (long packed : merged) {
            roundList.add(new ResultSummary.Round(Instant.ofEpochMilli(RoundRuns.dueAt(packed)), RoundRuns.verdict(packed)));
        }
        Map<String, ConnectTimes> times = new TreeMap<>();
        if (fromRollups) {
            // An hour of a location with no connected result has an empty histogram: no connect times, as from results.
            histograms().forEach((location, h) -> {
                if (h.count() > 0) {
                    times.put(location, h);
                }
            });
        } else {
            connectNanos.forEach((location, nanos) -> times.put(location, new ConnectTimes.Exact(nanos.toSortedArray())));
        }
        return new ResultSummary(statusCounts, roundList, times);
    }

    /** The rollup of one monitor-hour, from the results added. */
    MonitorHour monitorHour(long monitorId, long hourAtMillis) {
        List<LocationHour> locations = new ArrayList<>();
        Map<String, ConnectHistogram> h = histograms();
        counts.forEach((location, c) -> locations.add(new LocationHour(location, c[StatusCode.OK.ordinal()],
                c[StatusCode.TCP_CONNECTION_FAILED.ordinal()], c[StatusCode.NO_AGENT_AVAILABLE.ordinal()],
                h.getOrDefault(location, new ConnectHistogram()))));
        long[] merged = mergedRounds();
        return new MonitorHour(monitorId, hourAtMillis, locations, RoundRuns.encode(hourAtMillis, merged, merged.length));
    }

    /** Rollup histograms plus the connect times of the results added. */
    private Map<String, ConnectHistogram> histograms() {
        Map<String, ConnectHistogram> all = new TreeMap<>();
        histograms.forEach((location, h) -> all.computeIfAbsent(location, l -> new ConnectHistogram()).addAll(h));
        connectNanos.forEach((location, nanos) -> {
            ConnectHistogram h = all.computeIfAbsent(location, l -> new ConnectHistogram());
            long[] values = nanos.sorted();
            for (int i = 0; i < nanos.size(); i++) {
                h.add(values[i]);
            }
        });
        return all;
    }

    /** Rounds by due time, each once; a round has a verdict when any of its results had one. */
    private long[] mergedRounds() {
        long[] sorted = rounds.sorted();
        LongList merged = new LongList();
        int i = 0;
        while (i < rounds.size()) {
            long due = RoundRuns.dueAt(sorted[i]);
            boolean verdict = false;
            while (i < rounds.size() && RoundRuns.dueAt(sorted[i]) == due) {
                verdict |= RoundRuns.verdict(sorted[i]);
                i++;
            }
            merged.add(RoundRuns.pack(due, verdict));
        }
        return merged.toSortedArray();
    }

    /** One location's part of a monitor-hour rollup. */
    record LocationHour(String location, long connected, long failed, long noAgent, ConnectHistogram connectTimes) {
    }

    /** The rollup of one monitor's results that started in one hour. */
    record MonitorHour(long monitorId, long hourAtMillis, List<LocationHour> locations, byte[] rounds) {
        long results() {
            return locations.stream().mapToLong(l -> l.connected() + l.failed() + l.noAgent()).sum();
        }
    }
}
