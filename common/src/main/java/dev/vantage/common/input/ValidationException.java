package dev.vantage.common.input;

import dev.vantage.common.text.Display;

/**
 * Bad input, naming the field at fault and how to fix it. The message is escaped and bounded here,
 * whatever the caller put in it, because it travels to terminals, logs and gRPC trailers.
 */
public class ValidationException extends RuntimeException {
    /** Longer than any message written on purpose; a bound for the ones that quote too much. */
    static final int MAX_MESSAGE = 1000;
    private final String field;

    public ValidationException(String field, String problem) {
        super(bounded(Display.truncate(field, Limits.MONITOR_REF) + ": " + problem));
        this.field = field;
    }

    /** At most {@link #MAX_MESSAGE} characters once escaped: an escape is up to six, so cut the raw text until it fits. */
    private static String bounded(String message) {
        int limit = MAX_MESSAGE;
        String shown = Display.bounded(message, limit);
        while (shown.length() > MAX_MESSAGE) {
            limit -= shown.length() - MAX_MESSAGE;
            shown = Display.bounded(message, limit);
        }
        return shown;
    }

    public String field() {
        return field;
    }
}
