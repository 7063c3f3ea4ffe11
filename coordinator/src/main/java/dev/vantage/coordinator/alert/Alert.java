package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import dev.vantage.common.model.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One alert about one incident of one monitor, as every channel delivers it.
 *
 * <p>An incident opens with one {@link AlertKind#OPEN} alert, may repeat as {@link AlertKind#REMINDER}s
 * (numbered from 1) and ends with one {@link AlertKind#CLEAR} carrying the outage duration and why
 * it ended ({@link ClearReason}). A location whose canaries fail has incidents of its own: one
 * {@link AlertKind#LOCATION_DEGRADED}, then one {@link AlertKind#LOCATION_RECOVERED}.
 * The status code follows from the kind: 1 while open, 0 for a clear.
 *
 * @param kind             open, reminder or clear
 * @param incidentId       the incident's id, the same in every alert of that incident
 * @param reminderNumber   1, 2, … for a reminder; 0 for open and clear
 * @param sequence         position of this alert in its consumer's stream (1, 2, …; per channel or
 *                         subscriber, gap-free), assigned when the alert is written to the outbox;
 *                         0 only before that ({@link #withSequence})
 * @param monitorId        the monitor's id
 * @param monitorName      the monitor's name
 * @param host             the monitored host
 * @param port             the monitored port
 * @param failingLocations the locations that failed, with reason and time; empty only for a clear
 *                         (where it lists the locations that had failed, if known)
 * @param firstFailureAt   when the incident's first failing probe ran
 * @param raisedAt         when the coordinator raised this alert
 * @param outage           how long the monitor was down; present exactly for a clear
 * @param clearReason      why the incident ended; present exactly for a clear
 * @param topic            what the incident is about: {@link AlertTopic#OUTAGE} for DOWN, or REGIONAL,
 *                         slow connects, FLAPPING
 * @param slowLocations    for {@link AlertTopic#SLOW}: the locations connecting slowly, with their connect
 *                         times (a slow alert has no failing locations); empty otherwise
 */
public record Alert(
        AlertKind kind,
        String incidentId,
        int reminderNumber,
        long sequence,
        long monitorId,
        String monitorName,
        String host,
        int port,
        List<LocationFailure> failingLocations,
        Instant firstFailureAt,
        Instant raisedAt,
        Optional<Duration> outage,
        Optional<ClearReason> clearReason,
        AlertTopic topic,
        List<SlowConnect> slowLocations) {

    public Alert {
        Objects.requireNonNull(topic, "topic");
        slowLocations = List.copyOf(slowLocations);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(monitorName, "monitorName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(firstFailureAt, "firstFailureAt");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(outage, "outage");
        Objects.requireNonNull(clearReason, "clearReason");
        failingLocations = List.copyOf(failingLocations);
        if (incidentId.isBlank()) {
            throw new IllegalArgumentException("incidentId is blank");
        }
        if (monitorName.isBlank()) {
            throw new IllegalArgumentException("monitorName is blank (monitor " + monitorId + ")");
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank (monitor " + monitorId + ")");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535 (monitor " + monitorId + ")");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence " + sequence + " is negative");
        }
        if (kind == AlertKind.REMINDER ? reminderNumber < 1 : reminderNumber != 0) {
            throw new IllegalArgumentException("reminderNumber " + reminderNumber + " does not fit a " + kind.label()
                    + " alert: reminders count from 1, open and clear use 0");
        }
        boolean slow = topic == AlertTopic.SLOW;
        if (!kind.ends() && (slow ? slowLocations : failingLocations).isEmpty()) {
            throw new IllegalArgumentException("a " + topic.label() + " " + kind.label() + " alert needs at least one "
                    + (slow ? "slow" : "failing") + " location");
        }
        if (!slow && !slowLocations.isEmpty()) {
            throw new IllegalArgumentException("only a slow alert lists slow locations, not a " + topic.label() + " alert");
        }
        if (kind.ends() != outage.isPresent()) {
            throw new IllegalArgumentException("the outage duration is present exactly for a clear alert, not for " + kind.label());
        }
        if (kind.ends() != clearReason.isPresent()) {
            throw new IllegalArgumentException("the clear reason is present exactly for a clear alert, not for " + kind.label());
        }
        if (outage.isPresent() && outage.get().isNegative()) {
            throw new IllegalArgumentException("outage " + outage.get() + " is negative");
        }
        if (raisedAt.isBefore(firstFailureAt)) {
            throw new IllegalArgumentException("raisedAt " + raisedAt + " is before firstFailureAt " + firstFailureAt);
        }
    }

    /** An {@link AlertTopic#OUTAGE} alert. */
    public Alert(AlertKind kind, String incidentId, int reminderNumber, long sequence, long monitorId, String monitorName,
                 String host, int port, List<LocationFailure> failingLocations, Instant firstFailureAt, Instant raisedAt,
                 Optional<Duration> outage, Optional<ClearReason> clearReason) {
        this(kind, incidentId, reminderNumber, sequence, monitorId, monitorName, host, port, failingLocations, firstFailureAt,
                raisedAt, outage, clearReason, AlertTopic.OUTAGE, List.of());
    }

    /** This alert about {@code newTopic} instead, listing {@code slow} locations (for {@link AlertTopic#SLOW}). */
    public Alert about(AlertTopic newTopic, List<SlowConnect> slow) {
        return new Alert(kind, incidentId, reminderNumber, sequence, monitorId, monitorName, host, port, failingLocations,
                firstFailureAt, raisedAt, outage, clearReason, newTopic, slow);
    }

    /** The first alert of an incident. */
    public static Alert open(String incidentId, long monitorId, String monitorName, String host, int port,
            List<LocationFailure> failing, Instant firstFailureAt, Instant raisedAt) {
        return new Alert(AlertKind.OPEN, incidentId, 0, 0, monitorId, monitorName, host, port, failing,
                firstFailureAt, raisedAt, Optional.empty(), Optional.empty());
    }

    /** Reminder number {@code n} (from 1) of a still open incident. */
    public static Alert reminder(String incidentId, int n, long monitorId, String monitorName, String host, int port,
            List<LocationFailure> failing, Instant firstFailureAt, Instant raisedAt) {
        return new Alert(AlertKind.REMINDER, incidentId, n, 0, monitorId, monitorName, host, port, failing,
                firstFailureAt, raisedAt, Optional.empty(), Optional.empty());
    }

    /** The last alert of an incident; the outage runs from the first failure to {@code raisedAt}. */
    public static Alert clear(String incidentId, long monitorId, String monitorName, String host, int port,
            List<LocationFailure> lastFailing, Instant firstFailureAt, Instant raisedAt, ClearReason reason) {
        return new Alert(AlertKind.CLEAR, incidentId, 0, 0, monitorId, monitorName, host, port, lastFailing,
                firstFailureAt, raisedAt, Optional.of(Duration.between(firstFailureAt, raisedAt)), Optional.of(reason));
    }

    /**
     * A location's canaries fail ({@link AlertKind#LOCATION_DEGRADED}): about the location, not a monitor (monitor id 0,
     * named {@code location/NAME}, its first canary as the target).
     */
    public static Alert locationDegraded(String incidentId, String location, String canaryHost, int canaryPort,
            LocationFailure failure, Instant raisedAt) {
        return new Alert(AlertKind.LOCATION_DEGRADED, incidentId, 0, 0, 0, locationName(location), canaryHost, canaryPort,
                List.of(failure), failure.at(), raisedAt, Optional.empty(), Optional.empty());
    }

    /**
     * The location's degradation ends ({@link AlertKind#LOCATION_RECOVERED}): its canaries connect again ({@link ClearReason#RECOVERED}),
     * or they were removed from the config ({@link ClearReason#DELETED}); the outage runs from the failure that degraded it.
     */
    public static Alert locationRecovered(String incidentId, String location, String canaryHost, int canaryPort,
            LocationFailure degradedBy, Instant raisedAt, ClearReason reason) {
        return new Alert(AlertKind.LOCATION_RECOVERED, incidentId, 0, 0, 0, locationName(location), canaryHost, canaryPort,
                List.of(degradedBy), degradedBy.at(), raisedAt, Optional.of(Duration.between(degradedBy.at(), raisedAt)),
                Optional.of(reason));
    }

    private static String locationName(String location) {
        return "location/" + location;
    }

    /** This alert numbered for one consumer's stream. */
    public Alert withSequence(long newSequence) {
        if (newSequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, got " + newSequence);
        }
        return new Alert(kind, incidentId, reminderNumber, newSequence, monitorId, monitorName, host, port,
                failingLocations, firstFailureAt, raisedAt, outage, clearReason, topic, slowLocations);
    }

    /** 1 while the incident is open, 0 for a clear. */
    public StatusCode status() {
        return kind.status();
    }

    public int statusCode() {
        return kind.status().code();
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The same for every send of this alert, to every channel, before and after a coordinator restart:
     * {@code <incident id>:open}, {@code <incident id>:reminder-<n>} or {@code <incident id>:clear}.
     * A receiver that has seen a key already can drop the message.
     */
    public String idempotencyKey() {
        return incidentId + ":" + (kind == AlertKind.REMINDER ? kind.label() + "-" + reminderNumber : kind.label());
    }
}
