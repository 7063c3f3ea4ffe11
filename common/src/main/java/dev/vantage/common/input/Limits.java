package dev.vantage.common.input;

import java.util.Collection;

/**
 * The size of every text and list a client or an agent may send, checked before anything is parsed
 * so that a huge value costs a length comparison, and the error quotes a number, not the value.
 */
public final class Limits {
    public static final int NAME = 63;
    /** RFC 1123: a host name is at most 253 characters (without the trailing dot). */
    public static final int HOST = 253;
    public static final int LOCATION = 63;
    public static final int LOCATIONS = 64;
    public static final int CHANNEL = 32;
    public static final int CHANNELS = 32;
    public static final int BLACKOUT = 200;
    public static final int BLACKOUTS = 32;
    /** A monitor name or id, or anything a user types where one is expected. */
    public static final int MONITOR_REF = 253;
    /** A mode word ({@code global-verify}) or a fail-locations value ({@code all}). */
    public static final int WORD = 32;
    public static final int RESULT_LIMIT = 10_000;

    private Limits() {
    }

    /** @throws ValidationException {@code host: 100000 characters is longer than the limit of 253} */
    public static void length(String field, String value, int limit) {
        if (value != null && value.length() > limit) {
            throw new ValidationException(field, value.length() + " characters is longer than the limit of " + limit);
        }
    }

    /** @throws ValidationException {@code locations: 100 entries are more than the limit of 64} */
    public static void count(String field, Collection<?> values, int limit) {
        if (values.size() > limit) {
            throw new ValidationException(field, values.size() + " entries are more than the limit of " + limit);
        }
    }

    /** {@link #count} of the list, then {@link #length} of each entry. */
    public static void entries(String field, Collection<String> values, int maxEntries, int maxLength) {
        count(field, values, maxEntries);
        for (String v : values) {
            if (v.length() > maxLength) {
                throw new ValidationException(field, "an entry of " + v.length() + " characters is longer than the limit of " + maxLength);
            }
        }
    }
}
