package dev.vantage.coordinator.auth;

import dev.vantage.common.input.ValidationException;

/** A token name is taken, by a valid token or by a revoked one (names are never reused, for the record). */
public final class DuplicateTokenException extends ValidationException {
    DuplicateTokenException(String name, boolean revoked) {
        super("name", "a token named '" + name + "' " + (revoked ? "existed and was revoked" : "already exists")
                + "; pick another name");
    }
}
