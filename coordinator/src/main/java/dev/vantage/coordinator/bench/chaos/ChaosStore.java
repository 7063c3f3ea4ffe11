package dev.vantage.coordinator.bench.chaos;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The store of one chaos run: a fresh SQLite file in the run's folder, or a fresh schema in the given
 * PostgreSQL database, dropped by {@link #close}. The coordinators reach the schema through the URL's
 * {@code currentSchema} parameter.
 */
final class ChaosStore implements AutoCloseable {
    private final Optional<String> baseUrl;
    private final Optional<String> schema;
    private final String coordinatorUrl;

    private ChaosStore(Optional<String> baseUrl, Optional<String> schema, String coordinatorUrl) {
        this.baseUrl = baseUrl;
        this.schema = schema;
        this.coordinatorUrl = coordinatorUrl;
    }

    static ChaosStore sqlite(Path dir) {
        return new ChaosStore(Optional.empty(), Optional.empty(), "jdbc:sqlite:" + dir.resolve("chaos.db"));
    }

    /** @param url {@code jdbc:postgresql://HOST:PORT/DB}, credentials as URL parameters if needed */
    static ChaosStore postgres(String url) throws SQLException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String schema = "vantage_chaos_" + HexFormat.of().formatHex(random);
        execute(url, "CREATE SCHEMA " + schema);
        return new ChaosStore(Optional.of(url), Optional.of(schema), url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /** The {@code store.url} of the run's coordinators. */
    String coordinatorUrl() {
        return coordinatorUrl;
    }

    Optional<String> schema() {
        return schema;
    }

    StoreReadout readout() {
        return new StoreReadout(coordinatorUrl, schema);
    }

    @Override
    public void close() throws SQLException {
        if (baseUrl.isPresent()) {
            execute(baseUrl.get(), "DROP SCHEMA " + schema.orElseThrow() + " CASCADE");
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
