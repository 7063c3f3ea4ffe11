package dev.vantage.common.time;

import dev.vantage.common.text.Display;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, or {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the accepted forms when the text is not one of them
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration; write it like 30s, 5m, 1h or 1h30m");
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(Display.quote(text) + " is too long a duration; write it like 30s, 5m, 1h or 1h30m");
            }
            end = m.end();
        }
        if (end != s.length()) {
            throw new IllegalArgumentException(Display.quote(text) + " is not a duration; write it like 30s, 5m, 1h or 1h30m");
        }
        return total;
    }

    /**
     * A measured duration (an outage, an age) as {@link #format} writes it, to the second from one second up:
     * {@code 9999ms} → {@code 10s}, {@code 754321ms} → {@code 12m34s}, {@code 250ms} stays {@code 250ms}. A setting a person
     * wrote is echoed exactly ({@link #format}); a measurement to the millisecond would only make a table ragged.
     */
    public static String rounded(Duration d) {
        long ms = d.toMillis();
        return format(ms < 1000 ? d : Duration.ofSeconds(Math.round(ms / 1000.0)));
    }

    /** The shortest exact form: {@code 60s} → {@code 1m}, {@code 1500ms} stays {@code 1500ms}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (s >= units[i]) {
                out.append(s / units[i]).append(names[i]);
                s %= units[i];
            }
        }
        return out.toString();
    }
}
