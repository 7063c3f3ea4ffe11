package dev.vantage.coordinator.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract against a real PostgreSQL server (VANTAGE_TEST_PG_URL, default
 * jdbc:postgresql://127.0.0.1:5432/test; user VANTAGE_TEST_PG_USER, default postgres), in a schema
 * of this class's own that is dropped afterwards. An unreachable server fails the tests, naming the URL.
 */
class PostgresStoreTest extends StoreContractTest {
    static final String URL = env("VANTAGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("VANTAGE_TEST_PG_USER", "postgres");
    static final String PASSWORD = env("VANTAGE_TEST_PG_PASSWORD", "");

    private static String schema;

    @BeforeAll
    static void createSchema() {
        schema = "vantage_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
    }

    @AfterAll
    static void dropSchema() {
        if (schema != null) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected Store openEmptyStore() {
        Store opened = StoreFactory.open(StoreConfig.of(URL).withCredentials(USER, PASSWORD).withSchema(schema).withPoolSize(8)
                .withPurgeChunkSize(7));
        execute("TRUNCATE " + schema + ".monitors, " + schema + ".monitor_locations, " + schema + ".results, "
                + schema + ".latest_results, " + schema + ".monitor_alert_state, " + schema + ".deliveries, "
                + schema + ".alerts, " + schema + ".sequences, " + schema + ".tokens, "
                + schema + ".rollup_locations, " + schema + ".rollup_rounds, " + schema + ".rollup_watermark, " + schema + ".rollup_dirty");
        return opened;
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL at " + URL + " (user " + USER + ") is needed for these tests and failed: " + e.getMessage()
                    + "; start it there or point VANTAGE_TEST_PG_URL / VANTAGE_TEST_PG_USER at one", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
