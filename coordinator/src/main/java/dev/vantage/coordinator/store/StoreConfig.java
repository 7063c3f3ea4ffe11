package dev.vantage.coordinator.store;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the store lives and how to reach it.
 *
 * @param jdbcUrl        {@code jdbc:sqlite:PATH} (embedded, the default) or
 *                       {@code jdbc:postgresql://HOST:PORT/DB} (shared by several coordinators)
 * @param user           PostgreSQL user; empty: the driver's default
 * @param password       PostgreSQL password; empty: none
 * @param schema         PostgreSQL schema to create and use; empty: the connection's default.
 *                       Not supported for SQLite
 * @param poolSize       connections for PostgreSQL; reader connections for SQLite (which has
 *                       one writer connection besides)
 * @param purgeChunkSize most results one retention transaction deletes
 */
public record StoreConfig(
        String jdbcUrl,
        Optional<String> user,
        Optional<String> password,
        Optional<String> schema,
        int poolSize,
        int purgeChunkSize) {

    public static final String DEFAULT_URL = "jdbc:sqlite:data/vantage.db";
    static final String SQLITE_PREFIX = "jdbc:sqlite:";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    public StoreConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        if (!jdbcUrl.startsWith(SQLITE_PREFIX) && !jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            throw new IllegalArgumentException("store URL '" + jdbcUrl + "' is not supported; use " + SQLITE_PREFIX
                    + "PATH or " + POSTGRESQL_PREFIX + "//HOST:PORT/DB");
        }
        if (jdbcUrl.startsWith(SQLITE_PREFIX)) {
            String path = jdbcUrl.substring(SQLITE_PREFIX.length());
            if (path.isBlank() || path.contains(":memory:") || path.startsWith("file:") || path.contains("?")) {
                throw new IllegalArgumentException("store URL '" + jdbcUrl + "' must name a plain file, e.g. " + DEFAULT_URL);
            }
            if (schema.isPresent()) {
                throw new IllegalArgumentException("a schema applies to PostgreSQL only; remove it for " + jdbcUrl);
            }
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1, got " + poolSize);
        }
        if (purgeChunkSize < 1) {
            throw new IllegalArgumentException("purge chunk size must be at least 1, got " + purgeChunkSize);
        }
    }

    /** The embedded default: {@value #DEFAULT_URL}. */
    public static StoreConfig defaults() {
        return of(DEFAULT_URL);
    }

    public static StoreConfig of(String jdbcUrl) {
        return new StoreConfig(jdbcUrl, Optional.empty(), Optional.empty(), Optional.empty(), 4, 5_000);
    }

    public StoreConfig withCredentials(String newUser, String newPassword) {
        return new StoreConfig(jdbcUrl, Optional.of(newUser), Optional.of(newPassword), schema, poolSize, purgeChunkSize);
    }

    public StoreConfig withUser(String newUser) {
        return new StoreConfig(jdbcUrl, Optional.of(newUser), password, schema, poolSize, purgeChunkSize);
    }

    public StoreConfig withSchema(String newSchema) {
        return new StoreConfig(jdbcUrl, user, password, Optional.of(newSchema), poolSize, purgeChunkSize);
    }

    public StoreConfig withPoolSize(int newPoolSize) {
        return new StoreConfig(jdbcUrl, user, password, schema, newPoolSize, purgeChunkSize);
    }

    public StoreConfig withPurgeChunkSize(int newChunkSize) {
        return new StoreConfig(jdbcUrl, user, password, schema, poolSize, newChunkSize);
    }

    boolean isSqlite() {
        return jdbcUrl.startsWith(SQLITE_PREFIX);
    }
}
