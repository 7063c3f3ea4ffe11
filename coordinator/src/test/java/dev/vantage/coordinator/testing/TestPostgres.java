package dev.vantage.coordinator.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The PostgreSQL server tests run against (VANTAGE_TEST_PG_URL, default jdbc:postgresql://127.0.0.1:5432/test; user
 * VANTAGE_TEST_PG_USER, default postgres; VANTAGE_TEST_PG_PASSWORD), each test in a schema of its own that it drops
 * afterwards. An unreachable server fails the test, naming the URL.
 */
public final class TestPostgres {
    public static final String URL = env("VANTAGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = env("VANTAGE_TEST_PG_USER", "postgres");
    public static final String PASSWORD = env("VANTAGE_TEST_PG_PASSWORD", "");

    private TestPostgres() {
    }

    /** Creates a schema named {@code prefix} and a random suffix; returns its name. */
    public static String createSchema(String prefix) {
        String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public static void dropSchema(String schema) {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    /** The coordinator settings of a store in {@code schema}. */
    public static Properties storeSettings(String schema) {
        Properties p = new Properties();
        p.setProperty("store.url", URL + "?currentSchema=" + schema);
        p.setProperty("store.user", USER);
        p.setProperty("store.password", PASSWORD);
        return p;
    }

    /** Runs one statement outside any schema of a test. */
    public static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            fail("PostgreSQL at " + URL + " (user " + USER + ") is needed for these tests and failed: " + e.getMessage()
                    + "; start it there or point VANTAGE_TEST_PG_URL / VANTAGE_TEST_PG_USER at one", e);
        }
    }

    /** The first column of the first row of {@code query}: a count. */
    public static long count(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
