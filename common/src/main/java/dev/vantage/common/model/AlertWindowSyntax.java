package dev.vantage.common.model;

import dev.vantage.common.text.Display;
import dev.vantage.common.time.Durations;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two written forms of {@link AlertWindow}. */
final class AlertWindowSyntax {
    private static final Pattern ROUNDS = Pattern.compile("(\\d{1,9})\\s+of\\s+(\\d{1,9})");
    private static final Pattern TIME = Pattern.compile("(\\S+)\\s+in\\s+(\\S+)");
    private static final String HINT = "write 'K of N' (K error rounds among the latest N, e.g. '3 of 5') or 'D in W' "
            + "(failing for D within the latest W, e.g. '2m in 10m'), or 'none'";

    private AlertWindowSyntax() {
    }

    static AlertWindow parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher rounds = ROUNDS.matcher(s);
        if (rounds.matches()) {
            return new AlertWindow.Rounds(Integer.parseInt(rounds.group(1)), Integer.parseInt(rounds.group(2)));
        }
        Matcher time = TIME.matcher(s);
        if (time.matches()) {
            try {
                return new AlertWindow.Time(Durations.parse(time.group(1)), Durations.parse(time.group(2)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + " in " + Display.quote(text) + "; " + HINT);
            }
        }
        throw new IllegalArgumentException(Display.quote(text) + " is not a window; " + HINT);
    }
}
