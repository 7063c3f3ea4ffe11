package dev.vantage.coordinator.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A token as anyone may see it: never its secret or its hash. */
public record Token(String name, Role role, Instant createdAt, Optional<Instant> lastUsedAt) {
    public Token {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }
}
