package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A monitor's scheduled results in a period, as an availability report needs them: counted per location
 * and status, one entry per round, and the connect times of the results that connected. Retries,
 * verifications and on-demand tests are left out: they are extra probes, not the monitor's schedule.
 *
 * @param counts       how many results each (location, status code) had
 * @param rounds       each round (its scheduled due time), oldest first
 * @param connectTimes per location, the connect times of its connected results: every one when the period
 *                     was read from results, histograms when hourly rollups were read
 */
public record ResultSummary(List<StatusCount> counts, List<Round> rounds, Map<String, ConnectTimes> connectTimes) {
    public ResultSummary {
        counts = List.copyOf(counts);
        rounds = List.copyOf(rounds);
        connectTimes = Map.copyOf(connectTimes);
    }

    /** {@code count} results of {@code location} had status {@code statusCode}. */
    public record StatusCount(String location, int statusCode, long count) {
        public StatusCount {
            Objects.requireNonNull(location, "location");
        }
    }

    /**
     * One scheduled round.
     *
     * @param verdict false when every location answered "no agent available" (status 90): the round says nothing about the target
     */
    public record Round(Instant dueAt, boolean verdict) {
        public Round {
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }
}
