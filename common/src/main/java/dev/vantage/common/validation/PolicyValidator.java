package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.input.Limits;
import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.common.text.Display;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a monitor's {@link AlertPolicy} fits its locations and the configured channels. Errors
 * name the field as the CLI spells it ({@code mode}, {@code fail-locations}, {@code home-location},
 * {@code start-notify}, {@code stop-notify}, {@code remind-every}, {@code notify}, {@code blackout},
 * {@code alert-when}, {@code retry-interval}, {@code regional-after}, {@code notify-regional}, {@code warn-connect-time},
 * {@code warn-after}, {@code notify-slow}, {@code flap-changes}, {@code flap-window}) and say how to fix it. Call it after
 * {@link MonitorValidator}, with the monitor's locations and interval.
 */
public final class PolicyValidator {
    public static final int MAX_START_NOTIFY = 100;
    public static final int MAX_STOP_NOTIFY = 1000;
    public static final Duration MIN_REMIND_EVERY = Duration.ofSeconds(10);
    public static final Duration MAX_WEEKLY_LENGTH = Duration.ofDays(7);
    /** The most rounds a {@code --alert-when "K of N"} window covers, as many as {@code --start-notify} counts. */
    public static final int MAX_WINDOW_ROUNDS = MAX_START_NOTIFY;
    /** The longest {@code --alert-when "D in W"} window. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);
    public static final int MAX_REGIONAL_AFTER = 100;
    public static final int MAX_WARN_AFTER = 100;
    public static final Duration MIN_WARN_CONNECT_TIME = Duration.ofMillis(1);
    public static final int MIN_FLAP_CHANGES = 2;
    public static final int MAX_FLAP_CHANGES = 100;
    public static final Duration MIN_FLAP_WINDOW = Duration.ofSeconds(10);
    public static final Duration MAX_FLAP_WINDOW = Duration.ofDays(1);

    private PolicyValidator() {
    }

    /** @throws ValidationException for the first field at fault */
    public static void validate(AlertPolicy policy, List<String> monitorLocations, Set<String> knownChannels) {
        validateSizes(policy);
        validateMode(policy.mode(), monitorLocations);
        validateNotify(policy.notifyRules(), knownChannels);
        for (Blackout b : policy.blackouts()) {
            validateBlackout(b);
        }
        policy.alertWhen().ifPresent(w -> validateAlertWhen(w, policy.notifyRules().startNotify()));
        validateSignals(policy.signals());
    }

    /**
     * {@code --retry-interval} against the monitor's {@code --interval}: at least the shortest interval
     * and shorter than the monitor's own (it exists to probe sooner).
     *
     * @throws ValidationException on {@code retry-interval}
     */
    public static void validateRetryInterval(AlertPolicy policy, Duration interval) {
        if (policy.retryInterval().isEmpty()) {
            return;
        }
        Duration retry = policy.retryInterval().get();
        if (retry.compareTo(MonitorValidator.MIN_INTERVAL) < 0) {
            throw new ValidationException("retry-interval", "must be at least " + Durations.format(MonitorValidator.MIN_INTERVAL)
                    + ", got " + Durations.format(retry) + "; or 0s for none");
        }
        if (retry.compareTo(interval) >= 0) {
            throw new ValidationException("retry-interval", "must be shorter than the interval (" + Durations.format(interval)
                    + "), got " + Durations.format(retry) + "; lower it, or use 0s for none");
        }
    }

    private static void validateAlertWhen(AlertWindow window, int startNotify) {
        if (startNotify != 1) {
            throw new ValidationException("alert-when", "cannot be combined with --start-notify " + startNotify
                    + ": both decide when the incident opens; use --start-notify 1 with --alert-when, or --alert-when none");
        }
        if (window instanceof AlertWindow.Rounds r) {
            if (r.rounds() < 1 || r.rounds() > MAX_WINDOW_ROUNDS) {
                throw new ValidationException("alert-when", "the window must cover 1 to " + MAX_WINDOW_ROUNDS + " rounds, got '"
                        + r.format() + "'");
            }
            if (r.errors() < 1 || r.errors() > r.rounds()) {
                throw new ValidationException("alert-when", "the error rounds must be 1 to " + r.rounds() + " (the window's rounds), got '"
                        + r.format() + "'");
            }
        }
        if (window instanceof AlertWindow.Time t) {
            if (t.window().isZero() || t.window().compareTo(MAX_WINDOW) > 0) {
                throw new ValidationException("alert-when", "the window must be longer than 0s and at most "
                        + Durations.format(MAX_WINDOW) + ", got '" + t.format() + "'");
            }
            if (t.failing().isZero() || t.failing().compareTo(t.window()) > 0) {
                throw new ValidationException("alert-when", "the time failing must be longer than 0s and at most the window ("
                        + Durations.format(t.window()) + "), got '" + t.format() + "'");
            }
        }
    }

    /** The lists of the policy, before anything looks inside them (blackout lines are bounded by {@link Blackout#parse}). */
    static void validateSizes(AlertPolicy policy) {
        Limits.entries("notify", policy.notifyRules().channels(), Limits.CHANNELS, Limits.CHANNEL);
        Limits.count("blackout", policy.blackouts(), Limits.BLACKOUTS);
    }

    private static void validateMode(MonitoringMode mode, List<String> locations) {
        int n = locations.size();
        if (mode instanceof MonitoringMode.RoundRobin && n < 2) {
            throw new ValidationException("mode", "round-robin needs two or more locations and this monitor has " + n
                    + "; add a location or use --mode global-verify");
        }
        if (mode instanceof MonitoringMode.Primary p && !locations.contains(p.homeLocation())) {
            throw new ValidationException("home-location", Display.quote(p.homeLocation()) + " is not one of the monitor's locations ("
                    + String.join(", ", locations) + "); pick one of them or add it to --locations");
        }
        if (mode instanceof MonitoringMode.Sla sla && sla.failLocations().isPresent()) {
            int k = sla.failLocations().getAsInt();
            if (k < 1) {
                throw new ValidationException("fail-locations", "must be at least 1 (or 'all'), got " + k);
            }
            if (k > n) {
                throw new ValidationException("fail-locations", k + " is more than the monitor's " + n + " location"
                        + (n == 1 ? "" : "s") + ", so no round could ever be an error; use 1 to " + n + ", or 'all'");
            }
        }
        // global-verify and primary with one location: nobody to verify from, so a failure that
        // survives the local retry counts as confirmed.
    }

    private static void validateNotify(NotifyRules rules, Set<String> knownChannels) {
        if (rules.startNotify() < 1 || rules.startNotify() > MAX_START_NOTIFY) {
            throw new ValidationException("start-notify", "must be between 1 and " + MAX_START_NOTIFY
                    + " (error rounds in a row before the first alert), got " + rules.startNotify());
        }
        if (rules.stopNotify() < 1 || rules.stopNotify() > MAX_STOP_NOTIFY) {
            throw new ValidationException("stop-notify", "must be between 1 and " + MAX_STOP_NOTIFY
                    + " (alerts per outage, the first included), got " + rules.stopNotify());
        }
        if (rules.remindEvery().isPresent()) {
            Duration every = rules.remindEvery().get();
            if (every.isNegative() || every.isZero()) {
                throw new ValidationException("remind-every", "must be a positive duration such as 30m, got "
                        + (every.isNegative() ? "-" + Durations.format(every.negated()) : "0s"));
            }
            if (every.compareTo(MIN_REMIND_EVERY) < 0) {
                throw new ValidationException("remind-every", "must be at least " + Durations.format(MIN_REMIND_EVERY)
                        + ", got " + Durations.format(every));
            }
            if (rules.stopNotify() < 2) {
                throw new ValidationException("remind-every", "has no effect while --stop-notify is 1 (only the first alert is sent); "
                        + "raise --stop-notify to the number of alerts wanted, reminders included, or drop --remind-every");
            }
        } else if (rules.stopNotify() > 1) {
            throw new ValidationException("stop-notify", rules.stopNotify() + " allows reminders, but --remind-every is not set; "
                    + "set --remind-every (e.g. 30m) or use --stop-notify 1");
        }
        Set<String> seen = new HashSet<>();
        for (String channel : rules.channels()) {
            if (!knownChannels.contains(channel)) {
                throw new ValidationException("notify", "unknown channel " + Display.quote(channel) + "; configured channels: "
                        + (knownChannels.isEmpty() ? "(none)" : String.join(", ", knownChannels.stream().sorted().toList())));
            }
            if (!seen.add(channel)) {
                throw new ValidationException("notify", "channel " + Display.quote(channel) + " is listed twice");
            }
        }
    }

    private static void validateSignals(SignalRules s) {
        if (s.regionalAfter() < 0 || s.regionalAfter() > MAX_REGIONAL_AFTER) {
            throw new ValidationException("regional-after", "must be between 1 and " + MAX_REGIONAL_AFTER
                    + " (rounds a minority of locations fails before the monitor shows REGIONAL), or 0 to turn REGIONAL off; got "
                    + s.regionalAfter());
        }
        if (s.notifyRegional() && !s.regionalOn()) {
            throw new ValidationException("notify-regional", "has nothing to alert while --regional-after is 0; "
                    + "set --regional-after (e.g. 3) or use --no-notify-regional");
        }
        if (s.warnConnectTime().isPresent() && s.warnConnectTime().get().compareTo(MIN_WARN_CONNECT_TIME) < 0) {
            throw new ValidationException("warn-connect-time", "must be at least 1ms (e.g. 200ms), or none to turn it off; got "
                    + Durations.format(s.warnConnectTime().get()));
        }
        if (s.warnAfter() < 1 || s.warnAfter() > MAX_WARN_AFTER) {
            throw new ValidationException("warn-after", "must be between 1 and " + MAX_WARN_AFTER
                    + " (slow rounds in a row before the warning), got " + s.warnAfter());
        }
        if (s.notifySlow() && s.warnConnectTime().isEmpty()) {
            throw new ValidationException("notify-slow", "has nothing to alert without --warn-connect-time; "
                    + "set --warn-connect-time (e.g. 200ms) or use --no-notify-slow");
        }
        if (s.flapChanges() != 0 && (s.flapChanges() < MIN_FLAP_CHANGES || s.flapChanges() > MAX_FLAP_CHANGES)) {
            throw new ValidationException("flap-changes", "must be between " + MIN_FLAP_CHANGES + " and " + MAX_FLAP_CHANGES
                    + " (changes between UP and DOWN within --flap-window), or 0 to turn flap detection off; got " + s.flapChanges());
        }
        if (s.flapWindow().compareTo(MIN_FLAP_WINDOW) < 0 || s.flapWindow().compareTo(MAX_FLAP_WINDOW) > 0) {
            throw new ValidationException("flap-window", "must be between " + Durations.format(MIN_FLAP_WINDOW) + " and "
                    + Durations.format(MAX_FLAP_WINDOW) + ", got " + (s.flapWindow().isNegative() ? "a negative duration"
                    : Durations.format(s.flapWindow())));
        }
    }

    private static void validateBlackout(Blackout blackout) {
        if (blackout instanceof Blackout.OneOff once && !once.to().isAfter(once.from())) {
            throw new ValidationException("blackout", "--to (" + once.to() + ") must be after --from (" + once.from() + ")");
        }
        if (blackout instanceof Blackout.Weekly weekly) {
            if (weekly.days().isEmpty()) {
                throw new ValidationException("blackout", "a weekly blackout needs at least one day, e.g. sun or sat,sun");
            }
            if (weekly.length().isNegative() || weekly.length().isZero()) {
                throw new ValidationException("blackout", "the window must have a positive length, e.g. 02:00-04:00 or 02:00+2h");
            }
            if (weekly.length().compareTo(MAX_WEEKLY_LENGTH) > 0) {
                throw new ValidationException("blackout", "a weekly window lasts at most 7d, got " + Durations.format(weekly.length()));
            }
        }
    }
}
