package dev.vantage.coordinator.auth;

import dev.vantage.common.input.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token may do; each role allows everything the ones before it allow. */
public enum Role {
    /** Status, results, locations, monitors, alerts and incidents: looking only. */
    READ,
    /** Read, plus tests on demand, pause and resume, and monitor updates that change only blackouts. */
    OPERATE,
    /** Everything, monitor definitions and tokens included. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The word users type and read: {@code read}, {@code operate}, {@code admin}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws ValidationException naming {@code role} when the word is none of the roles */
    public static Role parse(String word) {
        for (Role r : values()) {
            if (r.word().equals(word)) {
                return r;
            }
        }
        throw new ValidationException("role", "must be one of " + Arrays.stream(values()).map(Role::word)
                .collect(Collectors.joining(", ")));
    }
}
