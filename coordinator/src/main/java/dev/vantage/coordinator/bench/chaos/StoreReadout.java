package dev.vantage.coordinator.bench.chaos;

import dev.vantage.coordinator.bench.chaos.ChaosCount.Gap;
import dev.vantage.coordinator.bench.chaos.ChaosCount.Row;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads what a chaos run left in the store with plain JDBC (the store's own API has no "every row"
 * query, and the count must see duplicates the API would hide): results by due time, the recorded
 * gaps when the store has them, and the alert log.
 */
final class StoreReadout {
    static final String GAPS_TABLE = "coordinator_gaps";
    private final String jdbcUrl;
    private final Optional<String> schema;

    /** @param schema the PostgreSQL schema the run's store lives in; empty for SQLite */
    StoreReadout(String jdbcUrl, Optional<String> schema) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
    }

    /** Alerts in the store, by kind. */
    record Alerts(long open, long reminders, long clear, long monitorsWithOpen) {
    }

    List<Row> results(long fromMillis, long toMillis) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT job_id, monitor_id, location, due_at, kind, status_code FROM results WHERE due_at >= ? AND due_at < ?")) {
            s.setLong(1, fromMillis);
            s.setLong(2, toMillis);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(new Row(r.getLong(1), r.getLong(2), r.getString(3), r.getLong(4), r.getString(5), r.getInt(6)));
                }
            }
        }
        return rows;
    }

    /** Rows of results due in the window so far (the run waits for this to settle before it stops). */
    long resultCount(long fromMillis, long toMillis) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM results WHERE due_at >= ? AND due_at < ?")) {
            s.setLong(1, fromMillis);
            s.setLong(2, toMillis);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * The periods the coordinators recorded as having no active coordinator, or none when the store has no
     * such table (before schema version 7). Its columns are found by name: the first one naming a start
     * ({@code from}, {@code start}) and the first naming an end ({@code to}, {@code end}, {@code until}),
     * epoch milliseconds as every time in the store.
     */
    List<Gap> gaps() throws SQLException {
        List<Gap> gaps = new ArrayList<>();
        try (Connection c = connect()) {
            if (!hasTable(c, GAPS_TABLE)) {
                return gaps;
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + GAPS_TABLE)) {
                ResultSetMetaData meta = r.getMetaData();
                int from = column(meta, "from", "start", "started", "begin");
                int to = column(meta, "to", "end", "ended", "until");
                while (r.next()) {
                    gaps.add(new Gap(r.getLong(from), r.getLong(to)));
                }
            }
        }
        return gaps;
    }

    Alerts alerts() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT sum(CASE WHEN kind = 'open' THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'reminder' THEN 1 ELSE 0 END),"
                        + " sum(CASE WHEN kind = 'clear' THEN 1 ELSE 0 END),"
                        + " count(DISTINCT CASE WHEN kind = 'open' THEN monitor_id END) FROM alerts")) {
            r.next();
            return new Alerts(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4));
        }
    }

    private boolean hasTable(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet r = meta.getTables(null, schema.orElse(null), table, new String[] {"TABLE"})) {
            return r.next();
        }
    }

    private static int column(ResultSetMetaData meta, String... words) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnName(i).toLowerCase(Locale.ROOT);
            for (String w : words) {
                if (name.equals(w) || name.startsWith(w + "_") || name.endsWith("_" + w)) {
                    return i;
                }
            }
        }
        throw new SQLException(GAPS_TABLE + " has no column named like " + String.join("/", words) + "; the chaos count needs one");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }
}
