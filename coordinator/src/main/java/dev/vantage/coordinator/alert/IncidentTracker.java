package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.RoundVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Round verdicts and the passing of time → a monitor's status, its incidents and the alerts to send.
 * Pure: the caller passes the stored {@link MonitorAlertState} and {@code now}, then stores the
 * returned state together with the returned alerts.
 *
 * <p>Rules:
 * <ul>
 *   <li>ERROR rounds in a row are counted; when the count reaches start-notify the monitor is DOWN
 *       and an incident opens (its first failure is the streak's first failing probe) with one OPEN
 *       alert. Fewer ERROR rounds than that show WARNING.</li>
 *   <li>An OK round closes an open incident: one CLEAR carrying the outage duration, only if the
 *       OPEN went out and notify-on-clear is on. A CLEAR is sent even inside an alert-only blackout,
 *       so the alert users saw does not stay open.</li>
 *   <li>A WARNING round breaks an error streak but neither extends nor clears an open incident
 *       (the monitor stays DOWN); an UNKNOWN round (no agent anywhere) changes no count and no
 *       incident and shows UNKNOWN.</li>
 *   <li>Reminders go out every remind-every after the previous alert while the incident is open,
 *       until stop-notify alerts (OPEN included) were sent; at most one per call.</li>
 *   <li>During any blackout no OPEN and no REMINDER goes out; an incident still open when it ends
 *       is alerted OPEN then (at the first call after the end). A probing blackout shows BLACKOUT.</li>
 * </ul>
 *
 * <p>Call {@link #onVerdict} for every completed round and {@link #onTick} for every monitor with
 * an open incident on a timer (every few seconds, or at {@link #nextWakeUp}), so reminders and
 * alerts held back by a blackout go out without waiting for a round.
 */
public final class IncidentTracker {
    private IncidentTracker() {
    }

    /** A round of the monitor completed with {@code verdict}. */
    public static AlertDecision onVerdict(AlertSubject subject, MonitorAlertState state, RoundVerdict verdict,
                                          AlertPolicy policy, Instant now) {
        NotifyRules rules = policy.notifyRules();
        List<AlertIntent> alerts = new ArrayList<>();
        MonitorAlertState next = switch (verdict.verdict()) {
            case UNKNOWN -> new MonitorAlertState(MonitorState.UNKNOWN, sinceIfChanged(state, MonitorState.UNKNOWN, now),
                    state.lastFailures(), state.errorStreak(), state.streakStartedAt(), state.incident());
            case WARNING -> {
                List<LocationFailure> seen = verdict.unconfirmed();
                if (state.incident().isPresent()) {
                    yield new MonitorAlertState(MonitorState.DOWN, state.incident().map(OpenIncident::firstFailureAt), seen, 0,
                            Optional.empty(), state.incident());
                }
                yield new MonitorAlertState(MonitorState.WARNING, sinceIfChanged(state, MonitorState.WARNING, now), seen, 0,
                        Optional.empty(), Optional.empty());
            }
            case ERROR -> {
                int streak = Math.min(state.errorStreak() + 1, rules.startNotify());
                Instant streakStart = state.errorStreak() > 0 && state.streakStartedAt().isPresent()
                        ? state.streakStartedAt().get()
                        : verdict.firstFailureAt().orElse(verdict.dueAt());
                Optional<OpenIncident> incident = state.incident().map(i -> i.withFailing(verdict.failing()));
                if (incident.isEmpty() && streak >= rules.startNotify()) {
                    incident = Optional.of(new OpenIncident(OpenIncident.idFor(subject.monitorId(), streakStart), streakStart, now,
                            verdict.failing(), false, 0, Optional.empty()));
                }
                if (incident.isPresent()) {
                    yield new MonitorAlertState(MonitorState.DOWN, Optional.of(incident.get().firstFailureAt()), verdict.failing(),
                            streak, Optional.of(streakStart), incident);
                }
                yield new MonitorAlertState(MonitorState.WARNING, sinceIfChanged(state, MonitorState.WARNING, now),
                        verdict.failing(), streak, Optional.of(streakStart), Optional.empty());
            }
            case OK -> {
                state.incident().filter(i -> i.openSent() && rules.notifyOnClear())
                        .ifPresent(i -> alerts.add(clear(subject, i, rules, now)));
                yield new MonitorAlertState(MonitorState.UP, sinceIfChanged(state, MonitorState.UP, now), List.of(), 0,
                        Optional.empty(), Optional.empty());
            }
        };
        next = due(subject, next, policy, now, alerts);
        return new AlertDecision(next, alerts, condition(next, policy, now));
    }

    /** Time passed: sends an OPEN a blackout held back, or a reminder that is due. */
    public static AlertDecision onTick(AlertSubject subject, MonitorAlertState state, AlertPolicy policy, Instant now) {
        List<AlertIntent> alerts = new ArrayList<>();
        MonitorAlertState next = due(subject, state, policy, now, alerts);
        return new AlertDecision(next, alerts, condition(next, policy, now));
    }

    /**
     * When {@link #onTick} may next have something to send for this monitor: the end of an active
     * blackout holding an alert back, or the next reminder; empty when nothing is pending.
     */
    public static Optional<Instant> nextWakeUp(MonitorAlertState state, AlertPolicy policy, Instant now) {
        if (state.incident().isEmpty()) {
            return Optional.empty();
        }
        OpenIncident i = state.incident().get();
        NotifyRules rules = policy.notifyRules();
        Optional<Instant> wanted;
        if (!i.openSent()) {
            wanted = Optional.of(now);
        } else if (i.alertsSent() < rules.stopNotify() && rules.remindEvery().isPresent()) {
            wanted = Optional.of(i.lastAlertAt().orElse(i.openedAt()).plus(rules.remindEvery().get()));
        } else {
            return Optional.empty();
        }
        Optional<Instant> blackoutEnd = policy.blackoutEnd(wanted.get());
        return blackoutEnd.isPresent() ? blackoutEnd : wanted;
    }

    /** The monitor's status to show now. */
    public static MonitorCondition condition(MonitorAlertState state, AlertPolicy policy, Instant now) {
        Optional<Instant> blackoutUntil = policy.blackoutEnd(now);
        Optional<String> incidentId = state.incident().map(OpenIncident::id);
        if (policy.probingStopped(now)) {
            return new MonitorCondition(MonitorState.BLACKOUT, Optional.empty(), List.of(), incidentId, blackoutUntil);
        }
        List<LocationFailure> failing = switch (state.state()) {
            case DOWN -> state.incident().map(OpenIncident::failing).orElse(state.lastFailures());
            case WARNING -> state.lastFailures();
            default -> List.of();
        };
        return new MonitorCondition(state.state(), state.since(), failing, incidentId, blackoutUntil);
    }

    private static MonitorAlertState due(AlertSubject subject, MonitorAlertState state, AlertPolicy policy, Instant now,
                                         List<AlertIntent> alerts) {
        if (state.incident().isEmpty() || policy.alertingStopped(now)) {
            return state;
        }
        OpenIncident i = state.incident().get();
        NotifyRules rules = policy.notifyRules();
        AlertIntent alert;
        if (!i.openSent()) {
            alert = new AlertIntent(Alert.open(i.id(), subject.monitorId(), subject.monitorName(), subject.host(), subject.port(),
                    i.failing(), i.firstFailureAt(), now), rules.channels());
        } else if (i.alertsSent() < rules.stopNotify() && rules.remindEvery().isPresent()
                && !now.isBefore(i.lastAlertAt().orElse(i.openedAt()).plus(rules.remindEvery().get()))) {
            alert = new AlertIntent(Alert.reminder(i.id(), i.alertsSent(), subject.monitorId(), subject.monitorName(), subject.host(),
                    subject.port(), i.failing(), i.firstFailureAt(), now), rules.channels());
        } else {
            return state;
        }
        alerts.add(alert);
        return new MonitorAlertState(state.state(), state.since(), state.lastFailures(), state.errorStreak(),
                state.streakStartedAt(), Optional.of(i.alerted(now)));
    }

    private static AlertIntent clear(AlertSubject subject, OpenIncident i, NotifyRules rules, Instant now) {
        Instant end = now.isBefore(i.firstFailureAt()) ? i.firstFailureAt() : now;
        return new AlertIntent(Alert.clear(i.id(), subject.monitorId(), subject.monitorName(), subject.host(), subject.port(),
                i.failing(), i.firstFailureAt(), end), rules.channels());
    }

    private static Optional<Instant> sinceIfChanged(MonitorAlertState state, MonitorState newState, Instant now) {
        return state.state() == newState && state.since().isPresent() ? state.since() : Optional.of(now);
    }
}
