package dev.vantage.coordinator.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One monitor's availability over [{@code since}, {@code until}); how each figure is counted is
 * {@link Availability}'s documentation.
 *
 * @param rounds             scheduled rounds with a verdict on the target (at least one location not "no agent available")
 * @param downRounds         of those, the rounds during an incident
 * @param noAgentRounds      rounds where every location answered "no agent available"; not in {@code rounds}
 * @param unmonitored        time between rounds beyond one interval: no coordinator running, the monitor paused, rounds skipped
 * @param coordinatorUnavailable of that, the time in recorded gaps with no active coordinator longer than the monitor's
 *                           interval ("coordinator unavailable"): no rounds, so neither up nor down
 * @param uptimePercent      100 × (rounds − downRounds) / rounds; empty without rounds
 * @param incidents          incidents open at some time in the period
 * @param downtime           their time within the period; an incident still open counts up to {@code until}
 * @param longestDowntime    the longest of those times
 * @param meanTimeToRecovery mean whole duration (first failure to clear) of the incidents that cleared in the period
 * @param locations          the monitor's locations in its order, then any other location that has results in the period
 */
public record AvailabilityReport(String monitor, Instant since, Instant until, long rounds, long downRounds, long noAgentRounds,
                                 Duration unmonitored, Duration coordinatorUnavailable, OptionalDouble uptimePercent, int incidents, Duration downtime,
                                 Duration longestDowntime, Optional<Duration> meanTimeToRecovery, List<LocationReport> locations) {
    public AvailabilityReport {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(unmonitored, "unmonitored");
        Objects.requireNonNull(coordinatorUnavailable, "coordinatorUnavailable");
        Objects.requireNonNull(uptimePercent, "uptimePercent");
        Objects.requireNonNull(downtime, "downtime");
        Objects.requireNonNull(longestDowntime, "longestDowntime");
        Objects.requireNonNull(meanTimeToRecovery, "meanTimeToRecovery");
        locations = List.copyOf(locations);
    }

    /**
     * One location's scheduled results in the period.
     *
     * @param uptimePercent 100 × connected / (connected + failed); empty when there were none
     * @param connectTime   percentiles of the connected results' connect times; empty when none connected
     */
    public record LocationReport(String location, long connected, long failed, long noAgent, OptionalDouble uptimePercent,
                                 Optional<Percentiles> connectTime) {
        public LocationReport {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(uptimePercent, "uptimePercent");
            Objects.requireNonNull(connectTime, "connectTime");
        }
    }

    /** Nearest-rank percentiles: the smallest value with at least p % of the values at or below it. */
    public record Percentiles(long p50Nanos, long p95Nanos, long p99Nanos) {
    }
}
