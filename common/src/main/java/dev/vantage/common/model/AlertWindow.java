package dev.vantage.common.model;

import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code --alert-when}: a sliding window that opens the incident, the alternative to
 * {@code --start-notify}'s error rounds in a row. Ranges are checked by
 * {@link dev.vantage.common.validation.PolicyValidator}.
 */
public sealed interface AlertWindow {
    /** What {@code --alert-when} takes to mean "no window" (error rounds in a row decide). */
    String NONE = "none";

    /** {@code "3 of 5"}: at least {@code errors} error rounds among the latest {@code rounds}. */
    record Rounds(int errors, int rounds) implements AlertWindow {
        @Override
        public String format() {
            return errors + " of " + rounds;
        }
    }

    /** {@code "2m in 10m"}: the monitor was failing for at least {@code failing} within the latest {@code window}. */
    record Time(Duration failing, Duration window) implements AlertWindow {
        public Time {
            Objects.requireNonNull(failing, "failing");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String format() {
            return Durations.format(failing) + " in " + Durations.format(window);
        }
    }

    /** As {@code --alert-when} takes it and {@code monitor show} prints it. */
    String format();

    /**
     * {@code "3 of 5"} or {@code "2m in 10m"}.
     *
     * @throws IllegalArgumentException naming both forms when the text is neither
     */
    static AlertWindow parse(String text) {
        return AlertWindowSyntax.parse(text);
    }
}
