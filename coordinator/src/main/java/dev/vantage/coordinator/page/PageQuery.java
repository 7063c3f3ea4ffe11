package dev.vantage.coordinator.page;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.text.Display;
import dev.vantage.coordinator.alert.MonitorState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which monitors a status page request asks for: {@code q} (part of a name or host, any case),
 * {@code state} (one state), {@code page} (from 1) and {@code size} (monitors per page).
 */
record PageQuery(String text, Optional<MonitorState> state, int page, int size) {
    private static final int DEFAULT_SIZE = 50;
    private static final int MAX_SIZE = 200;
    private static final int MAX_TEXT = 253;
    private static final int MAX_PAGE = 1_000_000;

    PageQuery {
        text = text.toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a query string such as {@code q=web&state=DOWN&page=2&size=50}; missing parameters take
     * their defaults, unknown ones are ignored.
     *
     * @throws ValidationException naming the parameter and the values it takes
     */
    static PageQuery parse(String rawQuery) {
        Map<String, String> p = parameters(rawQuery);
        String text = p.getOrDefault("q", "").trim();
        if (text.length() > MAX_TEXT) {
            throw new ValidationException("q", "at most " + MAX_TEXT + " characters, got " + text.length() + "; search for part of a name or host");
        }
        Optional<MonitorState> state = Optional.empty();
        String word = p.getOrDefault("state", "").trim();
        if (!word.isEmpty()) {
            try {
                state = Optional.of(MonitorState.valueOf(word.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("state", "unknown state " + Display.quote(word) + "; use one of "
                        + Arrays.stream(MonitorState.values()).map(Enum::name).collect(Collectors.joining(", ")) + ", or none for all");
            }
        }
        return new PageQuery(text, state, number(p, "page", 1, MAX_PAGE, 1), number(p, "size", 1, MAX_SIZE, DEFAULT_SIZE));
    }

    private static int number(Map<String, String> p, String name, int min, int max, int fallback) {
        String value = p.getOrDefault(name, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new ValidationException(name, "must be a whole number from " + min + " to " + max + ", got " + Display.quote(value));
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.putIfAbsent(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("query", "not a valid URL query (" + e.getMessage() + "); encode it as a form would");
        }
    }

    /** Whether a monitor of this name and host is asked for (the state is matched apart). */
    boolean matches(String name, String host) {
        return text.isEmpty() || name.toLowerCase(Locale.ROOT).contains(text) || host.toLowerCase(Locale.ROOT).contains(text);
    }
}
