package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.coordinator.decide.ErrorWindow;
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
 *       alert. Fewer ERROR rounds than that show WARNING. With {@code --alert-when} the window
 *       decides instead ({@link ErrorWindow}): the incident opens at the ERROR round that meets it,
 *       its first failure the window's first; the window starts empty again when an incident ends.</li>
 *   <li>An OK round closes an open incident with one CLEAR (reason {@code recovered}) carrying the
 *       outage duration, if the OPEN went out. With notify-on-clear off the CLEAR is only written to
 *       the alert log, not sent to channels: the incident still ends. A CLEAR is sent even inside an
 *       alert-only blackout, so the alert users saw does not stay open.</li>
 *   <li>A WARNING round breaks an error streak but neither extends nor clears an open incident
 *       (the monitor stays DOWN), unless the monitor's rule (mode, retry) changed since the incident
 *       was last decided: then the new rule does not call the monitor down and the incident clears.
 *       An UNKNOWN round (no agent anywhere) changes no count and no incident and shows UNKNOWN.</li>
 *   <li>Pausing or deleting a monitor ends its incident with one CLEAR that says so ({@link #onEnd}).</li>
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
        ErrorWindow window = windowAfter(state.window(), verdict, policy);
        MonitorAlertState next = switch (verdict.verdict()) {
            case UNKNOWN -> new MonitorAlertState(MonitorState.UNKNOWN, sinceIfChanged(state, MonitorState.UNKNOWN, now),
                    state.lastFailures(), state.errorStreak(), state.streakStartedAt(), state.incident(), state.window());
            case WARNING -> {
                List<LocationFailure> seen = verdict.unconfirmed();
                Optional<OpenIncident> open = state.incident();
                if (open.isPresent() && !open.get().ruleChangedFor(policy)) {
                    yield new MonitorAlertState(MonitorState.DOWN, open.map(OpenIncident::firstFailureAt), seen, 0,
                            Optional.empty(), Optional.of(open.get().decidedUnder(policy)), window);
                }
                // The rule that opened the incident was changed, and the new one does not call this round an
                // error: nothing under the current rule holds the monitor down any more.
                open.flatMap(i -> end(subject, i, rules, ClearReason.RECOVERED, now)).ifPresent(alerts::add);
                yield new MonitorAlertState(MonitorState.WARNING, sinceIfChanged(state, MonitorState.WARNING, now), seen, 0,
                        Optional.empty(), Optional.empty(), open.isPresent() ? ErrorWindow.empty() : window);
            }
            case ERROR -> {
                int streak = Math.min(state.errorStreak() + 1, rules.startNotify());
                Instant streakStart = state.errorStreak() > 0 && state.streakStartedAt().isPresent()
                        ? state.streakStartedAt().get()
                        : verdict.firstFailureAt().orElse(verdict.dueAt());
                boolean opens = policy.alertWhen().isEmpty() ? streak >= rules.startNotify()
                        : window.isMet(policy.alertWhen().get(), verdict.dueAt());
                Instant firstFailure = policy.alertWhen().isPresent() ? window.firstError().orElse(streakStart) : streakStart;
                Optional<OpenIncident> incident = state.incident().map(i -> i.confirmed(verdict.failing(), policy));
                if (incident.isEmpty() && opens) {
                    incident = Optional.of(new OpenIncident(OpenIncident.idFor(subject.monitorId(), firstFailure), firstFailure, now,
                            verdict.failing(), false, 0, Optional.empty(), OpenIncident.ruleOf(policy)));
                }
                if (incident.isPresent()) {
                    yield new MonitorAlertState(MonitorState.DOWN, Optional.of(incident.get().firstFailureAt()), verdict.failing(),
                            streak, Optional.of(streakStart), incident, window);
                }
                yield new MonitorAlertState(MonitorState.WARNING, sinceIfChanged(state, MonitorState.WARNING, now),
                        verdict.failing(), streak, Optional.of(streakStart), Optional.empty(), window);
            }
            case OK -> {
                state.incident().flatMap(i -> end(subject, i, rules, ClearReason.RECOVERED, now)).ifPresent(alerts::add);
                // The rounds of an outage that ended do not count towards the next one.
                yield new MonitorAlertState(MonitorState.UP, sinceIfChanged(state, MonitorState.UP, now), List.of(), 0,
                        Optional.empty(), Optional.empty(), state.incident().isPresent() ? ErrorWindow.empty() : window);
            }
        };
        next = due(subject, next, policy, now, alerts);
        return new AlertDecision(next, alerts, condition(next, policy, now));
    }

    /**
     * No round will decide the monitor any more (it was paused or is being deleted): its open incident
     * ends with one CLEAR that says why, and the monitor starts afresh if it runs again.
     */
    public static AlertDecision onEnd(AlertSubject subject, MonitorAlertState state, AlertPolicy policy, ClearReason reason,
                                      Instant now) {
        List<AlertIntent> alerts = new ArrayList<>();
        state.incident().flatMap(i -> end(subject, i, policy.notifyRules(), reason, now)).ifPresent(alerts::add);
        MonitorAlertState next = MonitorAlertState.initial();
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
            // The latest round's failures: a DOWN monitor whose latest round was a WARNING shows what that round saw.
            case DOWN, WARNING -> state.lastFailures();
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
                state.streakStartedAt(), Optional.of(i.alerted(now)), state.window());
    }

    /**
     * The CLEAR that ends an incident users were told of; none for one whose OPEN a blackout still held
     * back (nobody heard of it). With notify-on-clear off the CLEAR goes to the alert log only, so the
     * incident still shows as ended and the next outage opens a new one.
     */
    private static Optional<AlertIntent> end(AlertSubject subject, OpenIncident i, NotifyRules rules, ClearReason reason,
                                             Instant now) {
        if (!i.openSent()) {
            return Optional.empty();
        }
        Instant end = now.isBefore(i.firstFailureAt()) ? i.firstFailureAt() : now;
        Alert clear = Alert.clear(i.id(), subject.monitorId(), subject.monitorName(), subject.host(), subject.port(),
                i.failing(), i.firstFailureAt(), end, reason);
        return Optional.of(new AlertIntent(clear, rules.channels(), !rules.notifyOnClear()));
    }

    /** What the monitor's {@code --alert-when} window holds after this round; nothing without one. */
    private static ErrorWindow windowAfter(ErrorWindow window, RoundVerdict verdict, AlertPolicy policy) {
        return policy.alertWhen().isEmpty() ? ErrorWindow.empty() : window.after(policy.alertWhen().get(), verdict);
    }

    private static Optional<Instant> sinceIfChanged(MonitorAlertState state, MonitorState newState, Instant now) {
        return state.state() == newState && state.since().isPresent() ? state.since() : Optional.of(now);
    }
}
