package dev.vantage.coordinator.store;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.FailureReason;
import dev.vantage.coordinator.decide.LocationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The SQL of the locations' health (V14), inside the caller's transaction. */
final class JdbcLocations {
    private JdbcLocations() {
    }

    static Map<String, SavedLocationHealth> all(Connection c) throws SQLException {
        Map<String, SavedLocationHealth> all = new LinkedHashMap<>();
        try (PreparedStatement select = c.prepareStatement("SELECT location, degraded, since_at, streak, incident_id, canary,"
                + " failed_reason, failed_at FROM location_health ORDER BY location");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long since = rows.getLong(3);
                Optional<Instant> sinceAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(since));
                String location = rows.getString(1);
                String incident = rows.getString(5);
                Optional<SavedLocationHealth.Episode> episode = incident == null ? Optional.empty()
                        : Optional.of(new SavedLocationHealth.Episode(incident, HostPort.parse(rows.getString(6)), new LocationFailure(location,
                                FailureReason.valueOf(rows.getString(7)), Instant.ofEpochMilli(rows.getLong(8)))));
                all.put(location, new SavedLocationHealth(rows.getBoolean(2), sinceAt, rows.getInt(4), episode));
            }
        }
        return all;
    }

    static void save(Connection c, String location, SavedLocationHealth health, Instant now) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO location_health (location, degraded, since_at, streak, incident_id,"
                + " canary, failed_reason, failed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (location) DO UPDATE SET"
                + " degraded = excluded.degraded, since_at = excluded.since_at, streak = excluded.streak, incident_id = excluded.incident_id,"
                + " canary = excluded.canary, failed_reason = excluded.failed_reason, failed_at = excluded.failed_at,"
                + " updated_at = excluded.updated_at")) {
            upsert.setString(1, location);
            upsert.setBoolean(2, health.degraded());
            setMillis(upsert, 3, health.since());
            upsert.setInt(4, health.streak());
            Optional<SavedLocationHealth.Episode> episode = health.episode();
            upsert.setString(5, episode.map(SavedLocationHealth.Episode::incidentId).orElse(null));
            upsert.setString(6, episode.map(e -> e.canary().toString()).orElse(null));
            upsert.setString(7, episode.map(e -> e.degradedBy().reason().name()).orElse(null));
            setMillis(upsert, 8, episode.map(e -> e.degradedBy().at()));
            upsert.setLong(9, now.toEpochMilli());
            upsert.executeUpdate();
        }
    }

    static void delete(Connection c, String location) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM location_health WHERE location = ?")) {
            delete.setString(1, location);
            delete.executeUpdate();
        }
    }

    private static void setMillis(PreparedStatement statement, int index, Optional<Instant> at) throws SQLException {
        if (at.isPresent()) {
            statement.setLong(index, at.get().toEpochMilli());
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }
}
