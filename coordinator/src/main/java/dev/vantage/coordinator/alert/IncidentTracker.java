package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.coordinator.decide.ErrorWindow;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.SlowConnect;
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
 *   <li>REGIONAL ({@link SignalTracker}): a monitor not DOWN whose locations failed {@code --regional-after}
 *       rounds in a row shows REGIONAL, naming them and when each began failing. With
 *       {@code --notify-regional} it is an incident of its own (topic {@code regional}): opened (only
 *       while the monitor is not DOWN), reminded like an outage, cleared when those locations recover.</li>
 *   <li>Slow connects: a monitor otherwise UP with locations slow for {@code --warn-after} rounds shows
 *       WARNING with them; with {@code --notify-slow} one OPEN and one CLEAR (topic {@code slow}).</li>
 *   <li>Flapping ({@link SignalTracker}): a round that opens or ends the outage incident is a change; too
 *       many changes in the window make the monitor FLAPPING: one OPEN (topic {@code flapping}) says
 *       so, and every other OPEN and REMINDER is held back (a CLEAR of an incident users were told of
 *       still goes out) until it settles: one CLEAR (reason {@code settled}), then what is still open
 *       is alerted as after a blackout.</li>
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
        MonitorAlertState outage = switch (verdict.verdict()) {
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
        MonitorAlertState next = SignalTracker.onVerdict(subject, state, outage.withSignals(state.signals()), verdict, policy, now,
                alerts);
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
        NotifyRules rules = policy.notifyRules();
        SignalState s = state.signals();
        state.incident().flatMap(i -> end(subject, i, rules, reason, now)).ifPresent(alerts::add);
        s.regional().flatMap(i -> end(subject, i, AlertTopic.REGIONAL, List.of(), rules, reason, now)).ifPresent(alerts::add);
        s.slow().flatMap(i -> end(subject, i, AlertTopic.SLOW, s.watch().slow(policy.signals()), rules, reason, now))
                .ifPresent(alerts::add);
        s.flapping().flatMap(i -> end(subject, i, AlertTopic.FLAPPING, List.of(), rules, reason, now)).ifPresent(alerts::add);
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
        SignalState signals = state.signals();
        List<SlowConnect> slow = signals.watch().slow(policy.signals());
        if (signals.flap().flapping()) {
            return new MonitorCondition(MonitorState.FLAPPING, signals.flap().flappingSince(), state.lastFailures(), incidentId,
                    blackoutUntil, slow);
        }
        List<LocationFailure> regional = signals.watch().regional(policy.signals());
        if (state.state() != MonitorState.DOWN && !regional.isEmpty()) {
            return new MonitorCondition(MonitorState.REGIONAL, regional.stream().map(LocationFailure::at).min(Instant::compareTo),
                    regional, incidentId, blackoutUntil, slow);
        }
        if (state.state() == MonitorState.UP && !slow.isEmpty()) {
            return new MonitorCondition(MonitorState.WARNING, signals.watch().since(slow.stream().map(SlowConnect::location).toList(),
                    true), List.of(), incidentId, blackoutUntil, slow);
        }
        List<LocationFailure> failing = switch (state.state()) {
            // The latest round's failures: a DOWN monitor whose latest round was a WARNING shows what that round saw.
            case DOWN, WARNING -> state.lastFailures();
            default -> List.of();
        };
        return new MonitorCondition(state.state(), state.since(), failing, incidentId, blackoutUntil, slow);
    }

    /**
     * The OPEN or reminder due now for each open incident, at most one each. A blackout holds every one
     * back; while the monitor flaps only the FLAPPING alert goes out. Slow connects and FLAPPING are not
     * reminded.
     */
    private static MonitorAlertState due(AlertSubject subject, MonitorAlertState state, AlertPolicy policy, Instant now,
                                         List<AlertIntent> alerts) {
        if (policy.alertingStopped(now)) {
            return state;
        }
        NotifyRules rules = policy.notifyRules();
        SignalState s = state.signals();
        Optional<OpenIncident> flapping = s.flapping().map(i -> due(subject, i, AlertTopic.FLAPPING, List.of(), false, rules, now, alerts));
        if (flapping.isPresent()) {
            return state.withSignals(new SignalState(s.watch(), s.flap(), s.regional(), s.slow(), flapping));
        }
        Optional<OpenIncident> outage = state.incident().map(i -> due(subject, i, AlertTopic.OUTAGE, List.of(), true, rules, now, alerts));
        Optional<OpenIncident> regional = s.regional().map(i -> due(subject, i, AlertTopic.REGIONAL, List.of(), true, rules, now, alerts));
        Optional<OpenIncident> slow = s.slow().map(i -> due(subject, i, AlertTopic.SLOW, s.watch().slow(policy.signals()), false, rules,
                now, alerts));
        return state.withIncident(outage).withSignals(new SignalState(s.watch(), s.flap(), regional, slow, s.flapping()));
    }

    /** Adds the OPEN or reminder due now for one incident, if any, and returns the incident as it is after that. */
    private static OpenIncident due(AlertSubject subject, OpenIncident i, AlertTopic topic, List<SlowConnect> slow, boolean reminders,
                                    NotifyRules rules, Instant now, List<AlertIntent> alerts) {
        AlertKind kind;
        if (!i.openSent()) {
            kind = AlertKind.OPEN;
        } else if (reminders && i.alertsSent() < rules.stopNotify() && rules.remindEvery().isPresent()
                && !now.isBefore(i.lastAlertAt().orElse(i.openedAt()).plus(rules.remindEvery().get()))) {
            kind = AlertKind.REMINDER;
        } else {
            return i;
        }
        int reminder = kind == AlertKind.REMINDER ? i.alertsSent() : 0;
        alerts.add(new AlertIntent(new Alert(kind, i.id(), reminder, 0, subject.monitorId(), subject.monitorName(), subject.host(),
                subject.port(), i.failing(), i.firstFailureAt(), now, Optional.empty(), Optional.empty(), topic, slow), rules.channels()));
        return i.alerted(now);
    }

    /**
     * The CLEAR that ends an incident users were told of; none for one whose OPEN a blackout still held
     * back (nobody heard of it). With notify-on-clear off the CLEAR goes to the alert log only, so the
     * incident still shows as ended and the next outage opens a new one.
     */
    private static Optional<AlertIntent> end(AlertSubject subject, OpenIncident i, NotifyRules rules, ClearReason reason,
                                             Instant now) {
        return end(subject, i, AlertTopic.OUTAGE, List.of(), rules, reason, now);
    }

    /** The CLEAR that ends an incident about {@code topic} users were told of (a slow one lists {@code slow}). */
    static Optional<AlertIntent> end(AlertSubject subject, OpenIncident i, AlertTopic topic, List<SlowConnect> slow,
                                     NotifyRules rules, ClearReason reason, Instant now) {
        if (!i.openSent()) {
            return Optional.empty();
        }
        Instant end = now.isBefore(i.firstFailureAt()) ? i.firstFailureAt() : now;
        Alert clear = Alert.clear(i.id(), subject.monitorId(), subject.monitorName(), subject.host(), subject.port(),
                i.failing(), i.firstFailureAt(), end, reason).about(topic, slow);
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
