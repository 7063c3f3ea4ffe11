package dev.vantage.coordinator.cli;

import dev.vantage.proto.v1.BlackoutList;
import dev.vantage.proto.v1.ChannelList;
import dev.vantage.proto.v1.PolicySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The alert policy options of {@code monitor create} and {@code monitor update}
 * ({@code @Mixin PolicyOptions policy;}). Only the options given are sent: on create the others
 * take the coordinator's defaults, on update they stay as they are. The coordinator checks them.
 */
final class PolicyOptions {
    @Option(names = "--mode", paramLabel = "MODE", description = "How locations decide together: global-verify (default: a failure "
            + "counts only when another location confirms it), global-notify (any failure counts), primary (only "
            + "--home-location's failures, verified), round-robin (one location per round; two failing in a row count) "
            + "or sla (--fail-locations N|all must fail in one round).")
    private String mode;

    @Option(names = "--home-location", paramLabel = "LOCATION", description = "With --mode primary: the location whose failures count.")
    private String homeLocation;

    @Option(names = "--fail-locations", paramLabel = "N|all", description = "With --mode sla: how many locations must fail in one round.")
    private String failLocations;

    @Option(names = "--retry", negatable = true, description = "Retry a failed probe once from the same location at once "
            + "before it counts (default: on; --no-retry turns it off).")
    private Boolean retry;

    @Option(names = "--start-notify", paramLabel = "N", description = "Error rounds in a row before the first alert (default: 1).")
    private Integer startNotify;

    @Option(names = "--stop-notify", paramLabel = "N", description = "Most alerts per outage, reminders included (default: 1).")
    private Integer stopNotify;

    @Option(names = "--remind-every", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Spacing of reminders while down, at least 10s; needs --stop-notify 2 or more. 0s: no reminders.")
    private Duration remindEvery;

    @Option(names = "--notify-on-clear", negatable = true,
            description = "Send a CLEAR when the monitor is UP again (default: on; --no-notify-on-clear turns it off).")
    private Boolean notifyOnClear;

    @Option(names = "--notify", paramLabel = "CHANNEL", split = ",", description = "Where alerts go: configured channel names, "
            + "comma-separated; 'default' for the coordinator's default channels (the default).")
    private List<String> notify;

    @Option(names = "--blackout", paramLabel = "WINDOW", description = "A blackout, repeatable: 'weekly sat,sun 02:00-04:00 UTC "
            + "stop-alerting' or 'once 2026-12-24T00:00:00Z/2026-12-27T00:00:00Z stop-probing'. stop-probing records no "
            + "probes; stop-alerting keeps probing but holds alerts back (an outage still open at the end is alerted then). "
            + "Replaces the monitor's blackouts; --blackout none removes them.")
    private List<String> blackouts;

    @Option(names = "--blackout-from", paramLabel = "TIME", description = "A one-off blackout from this time (ISO-8601, e.g. 2026-12-24T00:00:00Z).")
    private String blackoutFrom;

    @Option(names = "--blackout-to", paramLabel = "TIME", description = "… until this time (exclusive).")
    private String blackoutTo;

    @Option(names = "--blackout-effect", paramLabel = "EFFECT", defaultValue = "stop-alerting",
            description = "… with this effect: stop-alerting (default) or stop-probing.")
    private String blackoutEffect;

    @Option(names = "--alert-when", paramLabel = "WINDOW", description = "Open the incident on a sliding window instead of "
            + "--start-notify's error rounds in a row: 'K of N' (K error rounds among the latest N, e.g. '3 of 5') or 'D in W' "
            + "(failing for D within the latest W, e.g. '2m in 10m'); 'none' (the default) goes back to rounds in a row.")
    private String alertWhen;

    @Option(names = "--retry-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "While a location fails and no incident is open, run the next round after this instead of --interval "
                    + "(at least 10s, shorter than --interval; at most 10 such rounds in a row). 0s: none (the default).")
    private Duration retryInterval;

    @Option(names = "--regional-after", paramLabel = "N", description = "Rounds in a row a location fails without the monitor "
            + "going DOWN (below --fail-locations, or not confirmed by verification) before the monitor shows REGIONAL "
            + "(default: 3; 0 turns REGIONAL off).")
    private Integer regionalAfter;

    @Option(names = "--notify-regional", negatable = true, description = "Alert REGIONAL like an outage: opened, reminded and "
            + "cleared on the monitor's channels (default: off).")
    private Boolean notifyRegional;

    @Option(names = "--warn-connect-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A connect slower than this (e.g. 200ms) is a slow-connect warning, never an error. 0s: off (the default).")
    private Duration warnConnectTime;

    @Option(names = "--warn-after", paramLabel = "N", description = "Slow rounds in a row at a location before the monitor "
            + "shows WARNING (default: 1).")
    private Integer warnAfter;

    @Option(names = "--notify-slow", negatable = true, description = "Alert the slow-connect WARNING: one open, one clear "
            + "(default: off; needs --warn-connect-time).")
    private Boolean notifySlow;

    @Option(names = "--flap-changes", paramLabel = "N", description = "More changes between UP and DOWN than N within "
            + "--flap-window make the monitor FLAPPING: one alert says so and the others are held back until it settles "
            + "(changes in the window down to N/2). 2-100; 0: off (the default).")
    private Integer flapChanges;

    @Option(names = "--flap-window", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The window --flap-changes counts in, 10s to 1d (default: 10m).")
    private Duration flapWindow;

    /** The settings given, if any option was. */
    Optional<PolicySettings> settings() {
        PolicySettings.Builder b = PolicySettings.newBuilder();
        if (mode != null) {
            b.setMode(mode);
        }
        if (homeLocation != null) {
            b.setHomeLocation(homeLocation);
        }
        if (failLocations != null) {
            b.setFailLocations(failLocations);
        }
        if (retry != null) {
            b.setLocalRetry(retry);
        }
        if (startNotify != null) {
            b.setStartNotify(nonNegative("--start-notify", startNotify));
        }
        if (stopNotify != null) {
            b.setStopNotify(nonNegative("--stop-notify", stopNotify));
        }
        if (remindEvery != null) {
            b.setRemindEveryMs(remindEvery.toMillis());
        }
        if (notifyOnClear != null) {
            b.setNotifyOnClear(notifyOnClear);
        }
        if (notify != null) {
            b.setNotify(ChannelList.newBuilder().addAllNames(notify.equals(List.of("default")) ? List.of() : notify));
        }
        if (alertWhen != null) {
            b.setAlertWhen(alertWhen);
        }
        if (retryInterval != null) {
            b.setRetryIntervalMs(retryInterval.toMillis());
        }
        if (regionalAfter != null) {
            b.setRegionalAfter(nonNegative("--regional-after", regionalAfter));
        }
        if (notifyRegional != null) {
            b.setNotifyRegional(notifyRegional);
        }
        if (warnConnectTime != null) {
            b.setWarnConnectTimeMs(warnConnectTime.toMillis());
        }
        if (warnAfter != null) {
            b.setWarnAfter(nonNegative("--warn-after", warnAfter));
        }
        if (notifySlow != null) {
            b.setNotifySlow(notifySlow);
        }
        if (flapChanges != null) {
            b.setFlapChanges(nonNegative("--flap-changes", flapChanges));
        }
        if (flapWindow != null) {
            b.setFlapWindowMs(flapWindow.toMillis());
        }
        List<String> lines = blackoutLines();
        if (lines != null) {
            b.setBlackouts(BlackoutList.newBuilder().addAllLines(lines));
        }
        PolicySettings settings = b.build();
        return settings.equals(PolicySettings.getDefaultInstance()) && notify == null && lines == null
                ? Optional.empty() : Optional.of(settings);
    }

    private List<String> blackoutLines() {
        if ((blackoutFrom == null) != (blackoutTo == null)) {
            throw new CliFailure(ExitCodes.USAGE, blackoutFrom == null
                    ? "--blackout-from: missing; a one-off blackout needs both --blackout-from and --blackout-to"
                    : "--blackout-to: missing; a one-off blackout needs both --blackout-from and --blackout-to");
        }
        if (blackouts == null && blackoutFrom == null) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        if (blackouts != null && !blackouts.equals(List.of("none"))) {
            lines.addAll(blackouts);
        }
        if (blackoutFrom != null) {
            lines.add("once " + instant("--blackout-from", blackoutFrom) + "/" + instant("--blackout-to", blackoutTo) + " " + blackoutEffect);
        }
        return lines;
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new CliFailure(ExitCodes.USAGE, option + ": '" + text + "' is not a time; write it like 2026-12-24T02:00:00Z");
        }
    }

    /** Negative numbers would wrap around in the unsigned wire field; the coordinator checks the range. */
    private static int nonNegative(String option, int n) {
        if (n < 0) {
            throw new CliFailure(ExitCodes.USAGE, option + ": must be at least " + (option.equals("--regional-after")
                    || option.equals("--flap-changes") ? "0 (0: off)" : "1") + ", got " + n);
        }
        return n;
    }
}
