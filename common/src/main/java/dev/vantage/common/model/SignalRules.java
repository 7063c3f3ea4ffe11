package dev.vantage.common.model;

import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The states a monitor can show besides UP and DOWN, and whether each is alerted: REGIONAL (a
 * minority of locations keeps failing below the rule that makes the monitor DOWN), a slow-connect
 * WARNING, and FLAPPING (alerts held back while the monitor keeps changing between UP and DOWN).
 * Checked by {@link dev.vantage.common.validation.PolicyValidator}.
 *
 * @param regionalAfter   {@code --regional-after}: rounds in a row a location fails without the monitor
 *                        going DOWN before it shows REGIONAL (default 3; 0 turns REGIONAL off)
 * @param notifyRegional  {@code --notify-regional}: alert REGIONAL (open, reminders, clear) like an outage (default off)
 * @param warnConnectTime {@code --warn-connect-time}: a connect slower than this is a slow-connect warning; empty: off (default)
 * @param warnAfter       {@code --warn-after}: rounds in a row a location is slow before the monitor shows WARNING (default 1)
 * @param notifySlow      {@code --notify-slow}: alert the slow-connect WARNING (open, clear) (default off)
 * @param flapChanges     {@code --flap-changes}: more changes between UP and DOWN than this within the window make
 *                        the monitor FLAPPING; 0: flap detection off (default)
 * @param flapWindow      {@code --flap-window}: the window those changes are counted in (default 10m)
 */
public record SignalRules(
        int regionalAfter,
        boolean notifyRegional,
        Optional<Duration> warnConnectTime,
        int warnAfter,
        boolean notifySlow,
        int flapChanges,
        Duration flapWindow) {

    public static final int DEFAULT_REGIONAL_AFTER = 3;
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofMinutes(10);

    public SignalRules {
        Objects.requireNonNull(warnConnectTime, "warnConnectTime");
        Objects.requireNonNull(flapWindow, "flapWindow");
    }

    /** REGIONAL shown after 3 rounds and not alerted; no slow-connect warning; no flap detection. */
    public static SignalRules defaults() {
        return new SignalRules(DEFAULT_REGIONAL_AFTER, false, Optional.empty(), 1, false, 0, DEFAULT_FLAP_WINDOW);
    }

    public boolean regionalOn() {
        return regionalAfter > 0;
    }

    public boolean flapDetectionOn() {
        return flapChanges > 0;
    }

    /** Whether a connect that took {@code connectNanos} is slow under {@code --warn-connect-time}. */
    public boolean isSlow(long connectNanos) {
        return warnConnectTime.isPresent() && connectNanos > warnConnectTime.get().toNanos();
    }

    /**
     * One line of {@code key=value} words, as the store keeps it:
     * {@code regional-after=3 notify-regional=no warn-connect-time=none warn-after=1 notify-slow=no flap-changes=0 flap-window=10m}.
     */
    public String format() {
        return "regional-after=" + regionalAfter + " notify-regional=" + yesNo(notifyRegional)
                + " warn-connect-time=" + warnConnectTime.map(Durations::format).orElse("none") + " warn-after=" + warnAfter
                + " notify-slow=" + yesNo(notifySlow) + " flap-changes=" + flapChanges + " flap-window=" + Durations.format(flapWindow);
    }

    /**
     * What {@link #format} wrote; a key left out keeps its default, so an empty line is {@link #defaults()}.
     *
     * @throws IllegalArgumentException for a word that is not {@code key=value} of a known key
     */
    public static SignalRules parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String word : line.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            int eq = word.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + word + "' is not key=value");
            }
            values.put(word.substring(0, eq), word.substring(eq + 1));
        }
        SignalRules d = defaults();
        SignalRules out = new SignalRules(
                Integer.parseInt(values.getOrDefault("regional-after", Integer.toString(d.regionalAfter))),
                "yes".equals(values.getOrDefault("notify-regional", yesNo(d.notifyRegional))),
                Optional.ofNullable(values.get("warn-connect-time")).filter(v -> !v.equals("none")).map(Durations::parse),
                Integer.parseInt(values.getOrDefault("warn-after", Integer.toString(d.warnAfter))),
                "yes".equals(values.getOrDefault("notify-slow", yesNo(d.notifySlow))),
                Integer.parseInt(values.getOrDefault("flap-changes", Integer.toString(d.flapChanges))),
                values.containsKey("flap-window") ? Durations.parse(values.get("flap-window")) : d.flapWindow);
        values.keySet().removeAll(List.of("regional-after", "notify-regional", "warn-connect-time", "warn-after",
                "notify-slow", "flap-changes", "flap-window"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown signal settings " + values.keySet());
        }
        return out;
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
