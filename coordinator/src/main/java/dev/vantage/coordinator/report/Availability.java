package dev.vantage.coordinator.report;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.alert.AlertTopic;
import dev.vantage.coordinator.report.AvailabilityReport.LocationReport;
import dev.vantage.coordinator.report.AvailabilityReport.Percentiles;
import dev.vantage.coordinator.store.ConnectTimes;
import dev.vantage.coordinator.store.CoordinatorGap;
import dev.vantage.coordinator.store.ResultSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a monitor's summarized results and incident alerts into its {@link AvailabilityReport}: arithmetic
 * only, no clock, no I/O.
 *
 * <p>Uptime counts rounds, not seconds, so that time nobody watched never counts as up or down:
 * <ul>
 * <li>per location: connected / (connected + failed) of its scheduled results. "No agent available" (90)
 *     says nothing about the target and is counted apart.
 * <li>overall: the share of rounds with a verdict (not every location "no agent available") that were not
 *     during an incident. A round is during an incident when the incident was open at the end of the round's
 *     interval (due time + interval): the round that opened it counts, the round that cleared it does not,
 *     which is what the alert log says (a round must end within its interval). The monitor's current interval
 *     is used.
 * </ul>
 * Incidents, downtime and time to recovery come from the alert log (open/clear pairs), the same incidents
 * the alerts announced; a gap without a coordinator is left out of uptime (no rounds) but an incident open
 * across it counts as downtime, as its clear alert reported. Recorded gaps longer than the interval are also
 * reported apart, as time the coordinator was unavailable.
 */
final class Availability {
    private Availability() {
    }

    /** @param gaps the recorded periods with no active coordinator; those longer than the monitor's interval are reported apart */
    static AvailabilityReport of(Monitor monitor, ResultSummary results, List<Alert> incidentAlerts, List<CoordinatorGap> gaps,
                                 Instant since, Instant until) {
        Duration interval = monitor.spec().interval();
        List<Span> incidents = incidents(incidentAlerts, since, until);

        long rounds = 0;
        long down = 0;
        long noAgent = 0;
        Duration unmonitored = Duration.ZERO;
        Instant previous = null;
        for (ResultSummary.Round round : results.rounds()) {
            if (previous != null) {
                Duration beyond = Duration.between(previous, round.dueAt()).minus(interval);
                if (beyond.compareTo(Duration.ZERO) > 0) {
                    unmonitored = unmonitored.plus(beyond);
                }
            }
            previous = round.dueAt();
            if (!round.verdict()) {
                noAgent++;
                continue;
            }
            rounds++;
            Instant end = round.dueAt().plus(interval);
            if (incidents.stream().anyMatch(s -> s.start.isBefore(end) && !end.isAfter(s.endOrForever()))) {
                down++;
            }
        }

        Duration downtime = Duration.ZERO;
        Duration longest = Duration.ZERO;
        Duration recoveries = Duration.ZERO;
        int recovered = 0;
        for (Span s : incidents) {
            Instant from = s.start.isBefore(since) ? since : s.start;
            Instant to = s.clearedAt.filter(c -> c.isBefore(until)).orElse(until);
            Duration within = Duration.between(from, to);
            downtime = downtime.plus(within);
            longest = within.compareTo(longest) > 0 ? within : longest;
            if (s.clearedAt.isPresent() && !s.clearedAt.get().isAfter(until)) {
                recoveries = recoveries.plus(Duration.between(s.start, s.clearedAt.get()));
                recovered++;
            }
        }
        Duration unavailable = gaps.stream().filter(g -> g.countsFor(interval))
                .map(g -> Duration.between(g.from().isBefore(since) ? since : g.from(), g.to().isAfter(until) ? until : g.to()))
                .filter(d -> d.compareTo(Duration.ZERO) > 0)
                .reduce(Duration.ZERO, Duration::plus);
        return new AvailabilityReport(monitor.name(), since, until, rounds, down, noAgent, unmonitored, unavailable,
                rounds == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * (rounds - down) / rounds),
                incidents.size(), downtime, longest,
                recovered == 0 ? Optional.empty() : Optional.of(recoveries.dividedBy(recovered)),
                locations(monitor, results));
    }

    /** An incident: from its first failure to its clear, if it cleared. */
    private record Span(Instant start, Optional<Instant> clearedAt) {
        Instant endOrForever() {
            return clearedAt.orElse(Instant.MAX);
        }
    }

    /** The incidents open at some time in [since, until), by start. */
    private static List<Span> incidents(List<Alert> alerts, Instant since, Instant until) {
        Map<String, Span> byId = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (a.topic() != AlertTopic.OUTAGE) {
                continue;   // REGIONAL, slow and FLAPPING incidents are not downtime
            }
            if (a.kind() == AlertKind.CLEAR) {
                byId.put(a.incidentId(), new Span(a.firstFailureAt(), Optional.of(a.raisedAt())));
            } else if (a.kind() == AlertKind.OPEN) {
                byId.putIfAbsent(a.incidentId(), new Span(a.firstFailureAt(), Optional.empty()));
            }
        }
        return byId.values().stream()
                .filter(s -> s.start.isBefore(until) && s.clearedAt.map(c -> c.isAfter(since)).orElse(true))
                .sorted((x, y) -> x.start.compareTo(y.start))
                .toList();
    }

    private static List<LocationReport> locations(Monitor monitor, ResultSummary results) {
        Set<String> names = new LinkedHashSet<>(monitor.spec().locations());
        Set<String> others = new TreeSet<>();
        results.counts().forEach(c -> others.add(c.location()));
        names.addAll(others);
        List<LocationReport> out = new ArrayList<>();
        for (String location : names) {
            long connected = count(results, location, StatusCode.OK);
            long failed = count(results, location, StatusCode.TCP_CONNECTION_FAILED);
            long noAgent = count(results, location, StatusCode.NO_AGENT_AVAILABLE);
            Optional<ConnectTimes> times = Optional.ofNullable(results.connectTimes().get(location)).filter(t -> t.count() > 0);
            out.add(new LocationReport(location, connected, failed, noAgent,
                    connected + failed == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * connected / (connected + failed)),
                    times.map(t -> new Percentiles(t.percentile(50), t.percentile(95), t.percentile(99)))));
        }
        return out;
    }

    private static long count(ResultSummary results, String location, StatusCode status) {
        return results.counts().stream()
                .filter(c -> c.location().equals(location) && c.statusCode() == status.code())
                .mapToLong(ResultSummary.StatusCount::count)
                .sum();
    }
}
