package dev.vantage.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a monitor's rounds become statuses and alerts: the monitoring mode, the local retry, the
 * notify rules and the blackouts. Checked against the monitor's locations and the configured
 * channels by {@link dev.vantage.common.validation.PolicyValidator}.
 *
 * @param mode       {@code --mode}
 * @param localRetry a failed probe is retried once from the same location at once before it counts
 *                   (on by default; {@code --no-retry} turns it off)
 * @param notifyRules start/stop notify, reminders, clear, recipients
 * @param blackouts  windows without probing or without alerting
 * @param signals    REGIONAL, slow-connect WARNING and FLAPPING
 */
public record AlertPolicy(MonitoringMode mode, boolean localRetry, NotifyRules notifyRules, List<Blackout> blackouts,
                          SignalRules signals) {

    public AlertPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(notifyRules, "notifyRules");
        Objects.requireNonNull(signals, "signals");
        blackouts = List.copyOf(blackouts);
    }

    /** A policy with the default {@link SignalRules}. */
    public AlertPolicy(MonitoringMode mode, boolean localRetry, NotifyRules notifyRules, List<Blackout> blackouts) {
        this(mode, localRetry, notifyRules, blackouts, SignalRules.defaults());
    }

    /**
     * {@code global-verify} with local retry; alert on the first confirmed error round, once, and
     * clear when UP again, to the configured default channels; no blackouts.
     */
    public static AlertPolicy defaults() {
        return new AlertPolicy(MonitoringMode.DEFAULT, true, NotifyRules.defaults(), List.of());
    }

    public AlertPolicy withMode(MonitoringMode newMode) {
        return new AlertPolicy(newMode, localRetry, notifyRules, blackouts, signals);
    }

    public AlertPolicy withLocalRetry(boolean on) {
        return new AlertPolicy(mode, on, notifyRules, blackouts, signals);
    }

    public AlertPolicy withNotifyRules(NotifyRules rules) {
        return new AlertPolicy(mode, localRetry, rules, blackouts, signals);
    }

    public AlertPolicy withBlackouts(List<Blackout> newBlackouts) {
        return new AlertPolicy(mode, localRetry, notifyRules, newBlackouts, signals);
    }

    public AlertPolicy withSignals(SignalRules newSignals) {
        return new AlertPolicy(mode, localRetry, notifyRules, blackouts, newSignals);
    }

    /** A {@link BlackoutEffect#STOP_PROBING} blackout is active: run no rounds. */
    public boolean probingStopped(Instant at) {
        return blackouts.stream().anyMatch(b -> b.effect() == BlackoutEffect.STOP_PROBING && b.isActive(at));
    }

    /** Any blackout is active: send no OPEN or REMINDER (a blackout that stops probing stops alerts too). */
    public boolean alertingStopped(Instant at) {
        return blackouts.stream().anyMatch(b -> b.isActive(at));
    }

    /** When the latest of the blackouts active at {@code at} ends; empty when none is active. */
    public Optional<Instant> blackoutEnd(Instant at) {
        return blackouts.stream().map(b -> b.endOf(at)).flatMap(Optional::stream).max(Instant::compareTo);
    }
}
