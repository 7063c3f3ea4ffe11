package dev.vantage.coordinator.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the tests run against (127.0.0.1:5432, database {@code test}, unless VANTAGE_TEST_PG_URL, _USER and
 * _PASSWORD say otherwise), and the plain SQL they count with.
 */
final class TestPostgres {
    static final String URL = env("VANTAGE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = env("VANTAGE_TEST_PG_USER", "postgres");
    static final String PASSWORD = env("VANTAGE_TEST_PG_PASSWORD", "");

    private TestPostgres() {
    }

    /** Runs one statement on the database, outside any schema of a test (CREATE SCHEMA, DROP SCHEMA). */
    static void execute(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** The first column of the first row of {@code query}: a count. */
    static long count(Connection c, String query) throws SQLException {
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
