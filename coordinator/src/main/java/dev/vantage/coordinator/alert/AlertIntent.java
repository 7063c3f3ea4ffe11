package dev.vantage.coordinator.alert;

import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An alert {@link IncidentTracker} decided to send: everything an alert carries except the channel
 * and the sequence number, which the outbox adds when it writes one delivery per recipient.
 *
 * @param kind           OPEN, REMINDER or CLEAR
 * @param reminderNumber 1, 2, … for reminders; 0 otherwise
 * @param status         {@link StatusCode#TCP_CONNECTION_FAILED} while open, {@link StatusCode#OK} for a clear
 * @param failing        failing locations with reason and time (for a clear: those of the last error round)
 * @param raisedAt       when it was decided
 * @param outage         from the first failure to the clear; present exactly for CLEAR
 * @param recipients     channel names from {@code --notify}; empty means the configured default set
 */
public record AlertIntent(
        Kind kind,
        String incidentId,
        int reminderNumber,
        AlertSubject subject,
        StatusCode status,
        List<LocationFailure> failing,
        Instant firstFailureAt,
        Instant raisedAt,
        Optional<Duration> outage,
        List<String> recipients) {

    public enum Kind { OPEN, REMINDER, CLEAR }

    public AlertIntent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(firstFailureAt, "firstFailureAt");
        Objects.requireNonNull(raisedAt, "raisedAt");
        Objects.requireNonNull(outage, "outage");
        failing = List.copyOf(failing);
        recipients = List.copyOf(recipients);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String target() {
        String host = subject.host();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + subject.port();
    }
}
