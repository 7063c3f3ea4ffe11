package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A row of the tokens table. The role is kept as its word ({@code read}, {@code operate}, {@code admin}):
 * what it allows is the auth package's business, not the store's.
 *
 * @param hash SHA-256 of the secret, lower-case hex; never the secret
 */
public record StoredToken(String name, String role, String hash, Instant createdAt, Optional<Instant> lastUsedAt,
                          Optional<Instant> revokedAt) {
    public StoredToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
