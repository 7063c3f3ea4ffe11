package dev.vantage.coordinator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The SQL of the coordinator epoch (fencing) and of the gaps with no active coordinator. */
final class JdbcEpochs {
    /** How far an agent's clock (which stamps started_at) may be behind the coordinator's (which stamps due_at). */
    private static final Duration AGENT_CLOCK_SKEW = Duration.ofMinutes(1);
    private JdbcEpochs() {
    }

    /**
     * The store's current epoch and whether its coordinator released it (0, not released, before any
     * coordinator was active). {@code lockClause} is the database's shared row lock: on PostgreSQL a takeover's
     * or a release's UPDATE then waits for writes that checked the old state to commit, and a write checking
     * after it sees the new one.
     */
    static Fence current(Connection c, String lockClause) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT epoch, released_at FROM coordinator_epoch WHERE id = 1" + lockClause);
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                return new Fence(0, false);
            }
            return new Fence(rows.getLong(1), rows.getObject(2) != null);
        }
    }

    /** What a fenced write checks: the store's epoch, and whether its tenure has ended (released). */
    record Fence(long epoch, boolean released) {
    }

    static Tenure takeOver(Connection c, String holder, Instant now) throws SQLException {
        Optional<Instant> aliveAt = Optional.empty();
        long epoch = 0;
        boolean released = false;
        try (PreparedStatement select = c.prepareStatement("SELECT epoch, alive_at, released_at FROM coordinator_epoch WHERE id = 1");
                ResultSet rows = select.executeQuery()) {
            if (rows.next()) {
                epoch = rows.getLong(1);
                aliveAt = Optional.of(Instant.ofEpochMilli(rows.getLong(2)));
                released = rows.getObject(3) != null;
            }
        }
        long next = epoch + 1;
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO coordinator_epoch (id, epoch, holder, alive_at, released_at) VALUES (1, ?, ?, ?, NULL)"
                + " ON CONFLICT (id) DO UPDATE SET epoch = excluded.epoch, holder = excluded.holder, alive_at = excluded.alive_at,"
                + " released_at = NULL")) {
            upsert.setLong(1, next);
            upsert.setString(2, holder);
            upsert.setLong(3, now.toEpochMilli());
            upsert.executeUpdate();
        }
        return new Tenure(next, aliveAt, released);
    }

    /** @return false when the epoch is no longer {@code epoch}, or was released */
    static boolean alive(Connection c, long epoch, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE coordinator_epoch SET alive_at = ? WHERE id = 1 AND epoch = ? AND released_at IS NULL")) {
            update.setLong(1, now.toEpochMilli());
            update.setLong(2, epoch);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Ends {@code epoch} cleanly: released at {@code at}, last active (the start of the next gap) at
     * {@code lastActive}. The row lock it takes waits for fenced writes in progress to commit.
     *
     * @return false when the epoch is no longer {@code epoch}, or was released already
     */
    static boolean release(Connection c, long epoch, Instant lastActive, Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE coordinator_epoch SET alive_at = ?, released_at = ? WHERE id = 1 AND epoch = ? AND released_at IS NULL")) {
            update.setLong(1, lastActive.toEpochMilli());
            update.setLong(2, at.toEpochMilli());
            update.setLong(3, epoch);
            return update.executeUpdate() == 1;
        }
    }

    static void recordGap(Connection c, long epoch, CoordinatorGap gap) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO coordinator_gaps (epoch, from_at, to_at) VALUES (?, ?, ?) ON CONFLICT (epoch) DO NOTHING")) {
            insert.setLong(1, epoch);
            insert.setLong(2, gap.from().toEpochMilli());
            insert.setLong(3, gap.to().toEpochMilli());
            insert.executeUpdate();
        }
    }

    static List<CoordinatorGap> gaps(Connection c, Instant since, Instant until) throws SQLException {
        List<CoordinatorGap> gaps = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT from_at, to_at FROM coordinator_gaps WHERE to_at > ? AND from_at < ? ORDER BY from_at")) {
            select.setLong(1, since.toEpochMilli());
            select.setLong(2, until.toEpochMilli());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    gaps.add(new CoordinatorGap(Instant.ofEpochMilli(rows.getLong(1)), Instant.ofEpochMilli(rows.getLong(2))));
                }
            }
        }
        return gaps;
    }

    /** The locations of each monitor with a scheduled or late result due at or after {@code since}. */
    static Map<Long, Set<String>> roundsRunSince(Connection c, Instant since) throws SQLException {
        Map<Long, Set<String>> run = new HashMap<>();
        // started_at bounds the scan on its index: a probe starts after its due time, by the agent's clock.
        try (PreparedStatement select = c.prepareStatement("SELECT DISTINCT monitor_id, location FROM results"
                + " WHERE started_at >= ? AND due_at >= ? AND kind IN ('SCHEDULED', 'LATE')")) {
            select.setLong(1, since.minus(AGENT_CLOCK_SKEW).toEpochMilli());
            select.setLong(2, since.toEpochMilli());
            select.setFetchSize(10_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    run.computeIfAbsent(rows.getLong(1), id -> new HashSet<>()).add(rows.getString(2));
                }
            }
        }
        return run;
    }
}
