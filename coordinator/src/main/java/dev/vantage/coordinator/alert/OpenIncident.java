package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A monitor's outage that has not cleared yet.
 *
 * @param id             {@code <monitor id>-<first failure epoch ms>}: stable across restarts since it is stored
 * @param firstFailureAt when the first failing probe of the error streak that opened it ran
 * @param openedAt       when the streak reached start-notify and the monitor went DOWN
 * @param failing        the failing locations of the latest error round
 * @param openSent       whether the OPEN alert went out (an alert-only blackout may hold it back)
 * @param alertsSent     OPEN and reminders sent so far (at most stop-notify)
 * @param lastAlertAt    when the latest of them went out
 */
public record OpenIncident(
        String id,
        Instant firstFailureAt,
        Instant openedAt,
        List<LocationFailure> failing,
        boolean openSent,
        int alertsSent,
        Optional<Instant> lastAlertAt) {

    public OpenIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstFailureAt, "firstFailureAt");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(lastAlertAt, "lastAlertAt");
        failing = List.copyOf(failing);
    }

    static String idFor(long monitorId, Instant firstFailureAt) {
        return monitorId + "-" + firstFailureAt.toEpochMilli();
    }

    OpenIncident withFailing(List<LocationFailure> newFailing) {
        return new OpenIncident(id, firstFailureAt, openedAt, newFailing, openSent, alertsSent, lastAlertAt);
    }

    OpenIncident alerted(Instant at) {
        return new OpenIncident(id, firstFailureAt, openedAt, failing, true, alertsSent + 1, Optional.of(at));
    }
}
