package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
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
 * @param rule           the rule its rounds were last decided under ({@link #ruleOf}); a round
 *                       under another rule re-decides the incident. Empty for an incident stored
 *                       before rules were kept: it adopts the current rule at its next round
 */
record OpenIncident(
        String id,
        Instant firstFailureAt,
        Instant openedAt,
        List<LocationFailure> failing,
        boolean openSent,
        int alertsSent,
        Optional<Instant> lastAlertAt,
        String rule) {

    public OpenIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(firstFailureAt, "firstFailureAt");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(lastAlertAt, "lastAlertAt");
        Objects.requireNonNull(rule, "rule");
        failing = List.copyOf(failing);
    }

    static String idFor(long monitorId, Instant firstFailureAt) {
        return monitorId + "-" + firstFailureAt.toEpochMilli();
    }

    /**
     * What decides whether a round is an error: the mode with its parameters and the local retry.
     * Notify rules and blackouts only change what is sent, not whether the monitor is down.
     */
    static String ruleOf(AlertPolicy policy) {
        return policy.mode().format() + (policy.localRetry() ? " retry" : " no-retry");
    }

    /** Whether rounds under {@code policy} decide by another rule than the one this incident was last decided by. */
    boolean ruleChangedFor(AlertPolicy policy) {
        return !rule.isEmpty() && !rule.equals(ruleOf(policy));
    }

    /** Confirmed by an error round under {@code policy}: its failing locations are that round's. */
    OpenIncident confirmed(List<LocationFailure> newFailing, AlertPolicy policy) {
        return new OpenIncident(id, firstFailureAt, openedAt, newFailing, openSent, alertsSent, lastAlertAt, ruleOf(policy));
    }

    /** Kept open by a round under {@code policy} that was not an error (a WARNING under the same rule). */
    OpenIncident decidedUnder(AlertPolicy policy) {
        return new OpenIncident(id, firstFailureAt, openedAt, failing, openSent, alertsSent, lastAlertAt, ruleOf(policy));
    }

    /** The same incident, now about {@code newFailing} (REGIONAL follows its locations). */
    OpenIncident withFailing(List<LocationFailure> newFailing) {
        return new OpenIncident(id, firstFailureAt, openedAt, newFailing, openSent, alertsSent, lastAlertAt, rule);
    }

    OpenIncident alerted(Instant at) {
        return new OpenIncident(id, firstFailureAt, openedAt, failing, true, alertsSent + 1, Optional.of(at), rule);
    }
}
