package dev.vantage.common.text;

/**
 * Text from outside (a user's flag, an agent's message, a config value) made safe to show on a
 * terminal or in a log line: control characters become visible escapes and long values are cut.
 *
 * <p>Escaped: C0 and C1 controls and DEL ({@code \n}, {@code \r}, {@code \t} by name, the others as
 * {@code \u001b}), the Unicode line and paragraph separators, the bidirectional embedding, override
 * and isolate characters (they reorder what follows on screen) and unpaired surrogates. Printable
 * Unicode is kept as it is. A backslash is not escaped, so escaping is idempotent: text escaped by
 * the coordinator and again by the CLI reads the same. The price is that an input which already
 * contains the six characters {@code \u001b} looks like one that contained the escape character.
 */
public final class Display {
    /** How much of a value an error message quotes. */
    public static final int QUOTE_LIMIT = 64;

    private Display() {
    }

    /** {@code text} with every character that could move the cursor, recolour or reorder the screen made visible. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (!needsEscape(c) || pairedSurrogate) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * At most {@code limit} characters of {@code text}, with a marker saying how long it was when cut:
     * {@code abc… (100000 characters)}. A surrogate pair is never split.
     */
    public static String truncate(String text, int limit) {
        if (text == null) {
            return "";
        }
        if (text.length() <= limit) {
            return text;
        }
        int end = limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }

    /** A bounded, escaped echo of a value for an error message, in single quotes. */
    public static String quote(String text) {
        return "'" + escape(truncate(text, QUOTE_LIMIT)) + "'";
    }

    /** {@link #truncate} then {@link #escape}: agent-supplied text for a table or a log line. */
    public static String bounded(String text, int limit) {
        return escape(truncate(text, limit));
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f
                || c == '\u2028' || c == '\u2029'
                || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || c >= '\u202a' && c <= '\u202e'
                || c >= '\u2066' && c <= '\u2069'
                || Character.isSurrogate(c);
    }
}
