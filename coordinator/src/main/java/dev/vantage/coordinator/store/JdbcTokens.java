package dev.vantage.coordinator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of the tokens table (V5), inside the caller's transaction. */
final class JdbcTokens {
    private JdbcTokens() {
    }

    /** @return false when the name is taken (revoked tokens included) */
    static boolean insert(Connection c, StoredToken t) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO tokens (name, role, hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, NULL, NULL)"
                        + " ON CONFLICT (name) DO NOTHING")) {
            insert.setString(1, t.name());
            insert.setString(2, t.role());
            insert.setString(3, t.hash());
            insert.setLong(4, t.createdAt().toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    static List<StoredToken> all(Connection c) throws SQLException {
        List<StoredToken> tokens = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT name, role, hash, created_at, last_used_at, revoked_at FROM tokens ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                tokens.add(new StoredToken(rows.getString(1), rows.getString(2), rows.getString(3),
                        Instant.ofEpochMilli(rows.getLong(4)), instant(rows, 5), instant(rows, 6)));
            }
        }
        return tokens;
    }

    static boolean revoke(Connection c, String name, Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
            update.setLong(1, at.toEpochMilli());
            update.setString(2, name);
            return update.executeUpdate() == 1;
        }
    }

    /** Never moves a last-use time backwards. */
    static void markUsed(Connection c, Map<String, Instant> lastUsed) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE tokens SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)")) {
            for (Map.Entry<String, Instant> e : lastUsed.entrySet()) {
                update.setLong(1, e.getValue().toEpochMilli());
                update.setString(2, e.getKey());
                update.setLong(3, e.getValue().toEpochMilli());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static Optional<Instant> instant(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
