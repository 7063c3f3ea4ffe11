package dev.vantage.coordinator.cli;

import dev.vantage.common.model.SignalRules;
import dev.vantage.common.time.Durations;
import dev.vantage.proto.v1.Monitor;
import dev.vantage.proto.v1.PolicySettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes monitors as the file {@link MonitorFile} reads, for {@code vantage export}: by name, one setting a
 * line in {@link MonitorFile#SETTINGS} order, durations in the CLI's short form, lists in flow style.
 * Settings at the defaults every coordinator shares are left out so the file shows what is particular
 * to each monitor; locations are always written, since their default is the coordinator's to choose.
 * The same monitors always give the same bytes, so an export is a stable file to keep under version control.
 */
final class MonitorFileWriter {
    /** Text YAML reads back as the same text when written bare: no number, boolean or null look-alike, no syntax. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*|\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> YAML_WORDS = List.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    private MonitorFileWriter() {
    }

    static String write(List<Monitor> monitors) {
        if (monitors.isEmpty()) {
            return "monitors: []\n";
        }
        StringBuilder out = new StringBuilder("monitors:\n");
        for (Monitor m : monitors.stream().sorted(Comparator.comparing(Monitor::getName)).toList()) {
            PolicySettings p = m.getPolicy();
            out.append("  - name: ").append(scalar(m.getName())).append('\n');
            line(out, "host", scalar(m.getHost()));
            line(out, "port", Integer.toString(m.getPort()));
            line(out, "interval", Durations.format(Duration.ofMillis(m.getIntervalMs())));
            line(out, "timeout", Durations.format(Duration.ofMillis(m.getTimeoutMs())));
            line(out, "locations", list(m.getLocationsList()));
            if (m.getPaused()) {
                line(out, "paused", "true");
            }
            if (!p.getMode().equals("global-verify")) {
                line(out, "mode", scalar(p.getMode()));
            }
            if (p.hasHomeLocation()) {
                line(out, "home-location", scalar(p.getHomeLocation()));
            }
            if (p.hasFailLocations()) {
                String n = p.getFailLocations();
                line(out, "fail-locations", n.matches("\\d{1,9}") ? n : scalar(n));
            }
            if (!p.getLocalRetry()) {
                line(out, "retry", "false");
            }
            if (p.getStartNotify() != 1) {
                line(out, "start-notify", Integer.toString(p.getStartNotify()));
            }
            if (p.getStopNotify() != 1) {
                line(out, "stop-notify", Integer.toString(p.getStopNotify()));
            }
            if (p.getRemindEveryMs() != 0) {
                line(out, "remind-every", Durations.format(Duration.ofMillis(p.getRemindEveryMs())));
            }
            if (!p.getNotifyOnClear()) {
                line(out, "notify-on-clear", "false");
            }
            if (p.getNotify().getNamesCount() > 0) {
                line(out, "notify", list(p.getNotify().getNamesList()));
            }
            if (p.getBlackouts().getLinesCount() > 0) {
                line(out, "blackouts", list(p.getBlackouts().getLinesList()));
            }
            if (!p.getAlertWhen().isEmpty()) {
                line(out, "alert-when", scalar(p.getAlertWhen()));
            }
            if (p.getRetryIntervalMs() != 0) {
                line(out, "retry-interval", Durations.format(Duration.ofMillis(p.getRetryIntervalMs())));
            }
            signals(out, p);
        }
        return out.toString();
    }

    /** The REGIONAL, slow-connect and flapping settings that differ from their defaults. */
    private static void signals(StringBuilder out, PolicySettings p) {
        if (p.hasRegionalAfter() && p.getRegionalAfter() != SignalRules.DEFAULT_REGIONAL_AFTER) {
            line(out, "regional-after", Integer.toString(p.getRegionalAfter()));
        }
        if (p.getNotifyRegional()) {
            line(out, "notify-regional", "true");
        }
        if (p.getWarnConnectTimeMs() != 0) {
            line(out, "warn-connect-time", Durations.format(Duration.ofMillis(p.getWarnConnectTimeMs())));
        }
        if (p.getWarnAfter() > 1) {
            line(out, "warn-after", Integer.toString(p.getWarnAfter()));
        }
        if (p.getNotifySlow()) {
            line(out, "notify-slow", "true");
        }
        if (p.getFlapChanges() != 0) {
            line(out, "flap-changes", Integer.toString(p.getFlapChanges()));
        }
        if (p.hasFlapWindowMs() && p.getFlapWindowMs() != SignalRules.DEFAULT_FLAP_WINDOW.toMillis()) {
            line(out, "flap-window", Durations.format(Duration.ofMillis(p.getFlapWindowMs())));
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append("    ").append(key).append(": ").append(value).append('\n');
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items.stream().map(MonitorFileWriter::scalar).toList()) + "]";
    }

    /**
     * Bare when that reads back as the same text, else double-quoted with every character YAML does not
     * allow raw (controls, DEL, C1, lone surrogates) written as a {@code \\uXXXX} escape.
     */
    static String scalar(String text) {
        if (PLAIN.matcher(text).matches() && !YAML_WORDS.contains(text.toLowerCase(Locale.ROOT))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (pairedSurrogate) {
                out.append(c).append(text.charAt(++i));
            } else if (c < 0x20 || c >= 0x7f && c <= 0x9f || Character.isSurrogate(c) || c == '\ufeff' || c >= '\ufffe') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
