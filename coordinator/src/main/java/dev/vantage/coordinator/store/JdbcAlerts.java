package dev.vantage.coordinator.store;

import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.AlertJson;
import dev.vantage.coordinator.alert.AlertStateJson;
import dev.vantage.coordinator.alert.Delivery;
import dev.vantage.coordinator.decide.RoundRobinState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL of alert state, the alert log and the outbox (tables of V3), inside the caller's transaction. */
final class JdbcAlerts {
    static final String DELIVERY_COLUMNS = "d.id, d.channel, d.sequence, d.attempts, d.next_attempt_at, d.last_error, a.body";

    private JdbcAlerts() {
    }

    /** Takes the next number of counter {@code name}, holding its row lock until the transaction ends. */
    static long next(Connection c, String name) throws SQLException {
        try (PreparedStatement create = c.prepareStatement(
                "INSERT INTO sequences (name, last_value) VALUES (?, 0) ON CONFLICT (name) DO NOTHING")) {
            create.setString(1, name);
            create.executeUpdate();
        }
        try (PreparedStatement take = c.prepareStatement(
                "UPDATE sequences SET last_value = last_value + 1 WHERE name = ? RETURNING last_value")) {
            take.setString(1, name);
            try (ResultSet rows = take.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static void saveState(Connection c, long monitorId, SavedAlertState state, Instant now) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(
                "INSERT INTO monitor_alert_state (monitor_id, state, rr_next_index, rr_last_failed, updated_at) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (monitor_id) DO UPDATE SET state = excluded.state, rr_next_index = excluded.rr_next_index,"
                        + " rr_last_failed = excluded.rr_last_failed, updated_at = excluded.updated_at")) {
            upsert.setLong(1, monitorId);
            upsert.setString(2, AlertStateJson.write(state.alert()));
            upsert.setInt(3, state.roundRobin().nextIndex());
            upsert.setString(4, state.roundRobin().lastFailedLocation().orElse(null));
            upsert.setLong(5, now.toEpochMilli());
            upsert.executeUpdate();
        }
    }

    static Map<Long, SavedAlertState> states(Connection c) throws SQLException {
        Map<Long, SavedAlertState> out = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT monitor_id, state, rr_next_index, rr_last_failed FROM monitor_alert_state");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.put(rows.getLong(1), new SavedAlertState(AlertStateJson.read(rows.getString(2)),
                        new RoundRobinState(rows.getInt(3), Optional.ofNullable(rows.getString(4)))));
            }
        }
        return out;
    }

    /**
     * Writes the alert to the log and one delivery per recipient; an alert whose idempotency key is
     * in the log already is not written again (empty).
     */
    static Optional<Written> insert(Connection c, AlertIntent intent, Instant now) throws SQLException {
        Alert alert = intent.alert();
        try (PreparedStatement seen = c.prepareStatement("SELECT 1 FROM alerts WHERE idempotency_key = ?")) {
            seen.setString(1, alert.idempotencyKey());
            try (ResultSet rows = seen.executeQuery()) {
                if (rows.next()) {
                    return Optional.empty();
                }
            }
        }
        long id = next(c, "alert");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO alerts (id, idempotency_key, incident_id, kind, monitor_id,"
                + " raised_at, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, alert.idempotencyKey());
            insert.setString(3, alert.incidentId());
            insert.setString(4, alert.kind().label());
            insert.setLong(5, alert.monitorId());
            insert.setLong(6, alert.raisedAt().toEpochMilli());
            insert.setString(7, AlertJson.write(alert));
            insert.executeUpdate();
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (String channel : intent.recipients()) {
            long sequence = next(c, "channel:" + channel);
            long deliveryId = next(c, "delivery");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO deliveries (id, alert_id, channel, sequence, monitor_id,"
                    + " attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)")) {
                insert.setLong(1, deliveryId);
                insert.setLong(2, id);
                insert.setString(3, channel);
                insert.setLong(4, sequence);
                insert.setLong(5, alert.monitorId());
                insert.setLong(6, now.toEpochMilli());
                insert.executeUpdate();
            }
            deliveries.add(new Delivery(deliveryId, channel, alert.withSequence(sequence), 0, millis(now), Optional.empty()));
        }
        return Optional.of(new Written(alert.withSequence(id), deliveries));
    }

    /** An alert as written: numbered with its log sequence, and its deliveries. */
    record Written(Alert alert, List<Delivery> deliveries) {
    }

    /** Alerts of the log, each numbered with its log sequence. */
    static List<Alert> alerts(PreparedStatement select) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.add(AlertJson.read(rows.getString(2)).withSequence(rows.getLong(1)));
            }
        }
        return out;
    }

    /** Deliveries selected with {@link #DELIVERY_COLUMNS}. */
    static List<Delivery> deliveries(PreparedStatement select) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                out.add(new Delivery(rows.getLong(1), rows.getString(2), AlertJson.read(rows.getString(7)).withSequence(rows.getLong(3)),
                        rows.getInt(4), Instant.ofEpochMilli(rows.getLong(5)), Optional.ofNullable(rows.getString(6))));
            }
        }
        return out;
    }

    private static Instant millis(Instant t) {
        return Instant.ofEpochMilli(t.toEpochMilli());
    }
}
