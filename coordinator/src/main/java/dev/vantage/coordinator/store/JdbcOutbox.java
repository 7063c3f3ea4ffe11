package dev.vantage.coordinator.store;

import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.Delivery;
import dev.vantage.coordinator.alert.Outbox;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The {@link Outbox} in the store's {@code deliveries} table. Acknowledged deliveries stay as
 * history ({@code acknowledged_at} set); only unacknowledged ones are ever offered.
 */
final class JdbcOutbox implements Outbox {
    private static final String HEADS = "SELECT " + JdbcAlerts.DELIVERY_COLUMNS
            + " FROM deliveries d JOIN alerts a ON a.id = d.alert_id"
            + " WHERE d.channel = ? AND d.acknowledged_at IS NULL AND d.sequence = (SELECT MIN(x.sequence) FROM deliveries x"
            + " WHERE x.channel = d.channel AND x.monitor_id = d.monitor_id AND x.acknowledged_at IS NULL)"
            + " ORDER BY d.next_attempt_at, d.sequence LIMIT ?";

    private final JdbcStore store;
    private final Clock clock;

    JdbcOutbox(JdbcStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public List<Delivery> enqueue(Alert alert, Collection<String> channels) {
        Instant now = clock.instant();
        return store.write("enqueue alert " + alert.idempotencyKey(), c ->
                JdbcAlerts.insert(c, new AlertIntent(alert, List.copyOf(channels)), now)
                        .map(JdbcAlerts.Written::deliveries).orElse(List.of()));
    }

    @Override
    public List<Delivery> heads(String channel, int max) {
        return store.read("read the outbox of channel " + channel, c -> {
            try (PreparedStatement select = c.prepareStatement(HEADS)) {
                select.setString(1, channel);
                select.setInt(2, max);
                return JdbcAlerts.deliveries(select);
            }
        });
    }

    @Override
    public void acknowledge(long deliveryId) {
        long now = clock.millis();
        store.write("acknowledge delivery " + deliveryId, c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE deliveries SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL")) {
                update.setLong(1, now);
                update.setLong(2, deliveryId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void recordFailure(long deliveryId, String error, Instant nextAttemptAt) {
        store.write("record a failed delivery " + deliveryId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE deliveries SET attempts = attempts + 1, last_error = ?,"
                    + " next_attempt_at = ? WHERE id = ? AND acknowledged_at IS NULL")) {
                update.setString(1, error);
                update.setLong(2, nextAttemptAt.toEpochMilli());
                update.setLong(3, deliveryId);
                return update.executeUpdate();
            }
        });
    }

    /** Unacknowledged deliveries of every channel, oldest first (for tests and operators). */
    List<Delivery> pending() {
        return store.read("read the outbox", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + JdbcAlerts.DELIVERY_COLUMNS
                    + " FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.acknowledged_at IS NULL ORDER BY d.id")) {
                return JdbcAlerts.deliveries(select);
            }
        });
    }
}
