package dev.vantage.common.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a monitor's rounds become statuses and alerts: the monitoring mode, the local retry, the
 * notify rules, the blackouts, the sliding window that opens incidents, the faster rounds while failing
 * and the REGIONAL, slow-connect and FLAPPING rules. Checked against the monitor's locations and the
 * configured channels by {@link dev.vantage.common.validation.PolicyValidator}.
 *
 * @param mode       {@code --mode}
 * @param localRetry a failed probe is retried once from the same location at once before it counts
 *                   (on by default; {@code --no-retry} turns it off)
 * @param notifyRules start/stop notify, reminders, clear, recipients
 * @param blackouts  windows without probing or without alerting
 * @param alertWhen  {@code --alert-when}: a sliding window that opens the incident instead of
 *                   start-notify's error rounds in a row; empty: rounds in a row decide
 * @param retryInterval {@code --retry-interval}: while a location fails and no incident is open, the
 *                   next round comes after this instead of the interval, at most {@link #MAX_FASTER_ROUNDS}
 *                   rounds in a row; empty: always the interval
 * @param signals    REGIONAL, slow-connect WARNING and FLAPPING
 */
public record AlertPolicy(MonitoringMode mode, boolean localRetry, NotifyRules notifyRules, List<Blackout> blackouts,
                          Optional<AlertWindow> alertWhen, Optional<Duration> retryInterval, SignalRules signals) {
    /**
     * The bound on {@code --retry-interval}: faster rounds in a row at most, after which a monitor that
     * still fails keeps its interval until a round passes.
     */
    public static final int MAX_FASTER_ROUNDS = 10;

    public AlertPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(notifyRules, "notifyRules");
        Objects.requireNonNull(alertWhen, "alertWhen");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(signals, "signals");
        blackouts = List.copyOf(blackouts);
    }

    /** No sliding window, no retry interval and the default {@link SignalRules}. */
    public AlertPolicy(MonitoringMode mode, boolean localRetry, NotifyRules notifyRules, List<Blackout> blackouts) {
        this(mode, localRetry, notifyRules, blackouts, Optional.empty(), Optional.empty(), SignalRules.defaults());
    }

    /**
     * {@code global-verify} with local retry; alert on the first confirmed error round, once, and
     * clear when UP again, to the configured default channels; no blackouts.
     */
    public static AlertPolicy defaults() {
        return new AlertPolicy(MonitoringMode.DEFAULT, true, NotifyRules.defaults(), List.of());
    }

    public AlertPolicy withMode(MonitoringMode newMode) {
        return new AlertPolicy(newMode, localRetry, notifyRules, blackouts, alertWhen, retryInterval, signals);
    }

    public AlertPolicy withLocalRetry(boolean on) {
        return new AlertPolicy(mode, on, notifyRules, blackouts, alertWhen, retryInterval, signals);
    }

    public AlertPolicy withNotifyRules(NotifyRules rules) {
        return new AlertPolicy(mode, localRetry, rules, blackouts, alertWhen, retryInterval, signals);
    }

    public AlertPolicy withBlackouts(List<Blackout> newBlackouts) {
        return new AlertPolicy(mode, localRetry, notifyRules, newBlackouts, alertWhen, retryInterval, signals);
    }

    public AlertPolicy withAlertWhen(Optional<AlertWindow> window) {
        return new AlertPolicy(mode, localRetry, notifyRules, blackouts, window, retryInterval, signals);
    }

    public AlertPolicy withRetryInterval(Optional<Duration> interval) {
        return new AlertPolicy(mode, localRetry, notifyRules, blackouts, alertWhen, interval, signals);
    }

    public AlertPolicy withSignals(SignalRules newSignals) {
        return new AlertPolicy(mode, localRetry, notifyRules, blackouts, alertWhen, retryInterval, newSignals);
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
