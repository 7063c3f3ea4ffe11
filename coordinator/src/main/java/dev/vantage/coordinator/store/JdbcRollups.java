package dev.vantage.coordinator.store;

import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.store.SummaryAccumulator.LocationHour;
import dev.vantage.coordinator.store.SummaryAccumulator.MonitorHour;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Hourly rollups of scheduled results (tables of V9): building them hour by hour, and reading a monitor's
 * period from rollups for its whole hours and from results for the rest.
 *
 * <p>A result can arrive after its hour was rolled up (an agent delivering what it held while cut off).
 * So that no result is missed, {@link #insertingResults} marks its monitor-hour dirty in the insert's
 * transaction whenever it started before {@code rollingUntil}, the end of the hours a pass is building or
 * has built; the pass raises that bound under the write side of {@code gate} before it reads, so every
 * insert either committed before the read or marked its hour. Reports read dirty hours from the results
 * until the next pass rolls them up again.
 */
final class JdbcRollups {
    static final long HOUR_MILLIS = 3_600_000;
    private static final long NONE = Long.MIN_VALUE;
    /** Late monitor-hours read per transaction, each one range of results_by_monitor. */
    private static final int MONITORS_PER_READ = 500;
    /**
     * Monitor-hours written per transaction: a few milliseconds on the store's single writer, which the result writer
     * waits for (its lock is fair: a waiting result batch goes before the next of these).
     */
    private static final int MONITOR_HOURS_PER_WRITE = 100;
    /** An hour's results are read a minute of start times at a time, each minute in a read transaction of its own. */
    private static final long SLICE_MILLIS = 60_000;
    private static final String IF_MONITOR_EXISTS = " WHERE EXISTS (SELECT 1 FROM monitors WHERE id = ?)";
    private static final String RESULTS_IN_RANGE = "SELECT location, due_at, status_code, connect_nanos FROM results"
            + " WHERE monitor_id = ? AND started_at >= ? AND started_at < ? AND kind = 'SCHEDULED'";
    /**
     * One range of results_by_start: the rows come in about the order they were stored, so the table is read nearly in
     * order. A range of results_by_monitor per monitor reads one table page per result instead, at random: at 250,000
     * monitors x 3 (`bench rollup`) that was 20 % quicker while the hour was in the page cache, and 5.5 times slower
     * when it was not, as on a machine with less memory than an hour of results (about 9 GiB there).
     */
    private static final String ALL_RESULTS_IN_RANGE = "SELECT monitor_id, location, due_at, status_code, connect_nanos FROM results"
            + " WHERE started_at >= ? AND started_at < ? AND kind = 'SCHEDULED'";

    private final JdbcStore store;
    private final ReadWriteLock gate = new ReentrantReadWriteLock();
    private volatile long rollingUntil;
    /** The longest write transaction of the running pass (guarded by this). */
    private long longestWriteNanos;

    JdbcRollups(JdbcStore store) {
        this.store = store;
        this.rollingUntil = store.read("read the rollup watermark", JdbcRollups::watermark);
    }

    /** Runs an insert of {@code results}: {@code insert} stores them, this marks the rolled-up hours they fall in. */
    <T> T insertingResults(List<ProbeResult> results, SqlWork<T> insert, String what) {
        gate.readLock().lock();
        try {
            long until = rollingUntil;
            return store.write(what, c -> {
                T stored = insert.run(c);
                markLate(c, results, until);
                return stored;
            });
        } finally {
            gate.readLock().unlock();
        }
    }

    private static void markLate(Connection c, List<ProbeResult> results, long until) throws SQLException {
        Set<List<Long>> late = new LinkedHashSet<>();
        for (ProbeResult r : results) {
            long started = r.outcome().startedAt().toEpochMilli();
            if (r.kind() == ResultKind.SCHEDULED && started < until) {
                late.add(List.of(r.monitorId(), floorHour(started)));
            }
        }
        if (late.isEmpty()) {
            return;
        }
        try (PreparedStatement mark = c.prepareStatement("INSERT INTO rollup_dirty (monitor_id, hour_at) SELECT ?, ?"
                + IF_MONITOR_EXISTS + " ON CONFLICT (monitor_id, hour_at) DO NOTHING")) {
            for (List<Long> monitorHour : late) {
                mark.setLong(1, monitorHour.get(0));
                mark.setLong(2, monitorHour.get(1));
                mark.setLong(3, monitorHour.get(0));
                mark.addBatch();
            }
            mark.executeBatch();
        }
    }

    /**
     * Rolls up the hours from the watermark to the hour of {@code upTo} (excluded), at most {@code maxHours}
     * of them, after rolling up again the monitor-hours that results arrived late for. Each hour commits
     * with the watermark, so a restart goes on where this stopped.
     */
    synchronized RollupPass rollUp(Instant upTo, int maxHours) {
        longestWriteNanos = 0;
        long target = floorHour(upTo.toEpochMilli());
        long from = store.read("read the rollup watermark", JdbcRollups::watermark);
        if (from == NONE) {
            from = store.read("find the oldest result", c -> oldestResultHour(c, target));
            long start = from;
            write("start rollups", c -> setWatermark(c, start));
        }
        long end = Math.max(from, Math.min(target, from + maxHours * HOUR_MILLIS));
        raiseRollingUntil(end);

        long watermark = from;
        List<long[]> dirty = store.read("read late monitor-hours", c -> dirty(c, watermark));
        for (List<long[]> batch : batches(dirty, MONITORS_PER_READ)) {
            write("clear late monitor-hours", c -> clearDirty(c, batch));
            List<MonitorHour> hours = store.read("roll up late monitor-hours", c -> {
                List<MonitorHour> out = new ArrayList<>();
                for (long[] monitorHour : batch) {
                    MonitorHour again = build(c, monitorHour[0], monitorHour[1]);
                    // Late results only add to an hour; fewer than rolled up means results.retention purged the hour
                    // meanwhile (a result older than the retention arrived), and its rollup is the better record.
                    if (again.results() >= rolledUpResults(c, monitorHour[0], monitorHour[1])) {
                        out.add(again);
                    }
                }
                return out;
            });
            for (List<MonitorHour> some : batches(hours, MONITOR_HOURS_PER_WRITE)) {
                write("write rollups", c -> replace(c, some));
            }
        }

        int monitorHours = 0;
        for (long hour = from; hour < end; hour += HOUR_MILLIS) {
            monitorHours += rollUpHour(hour);
        }
        return new RollupPass((int) ((end - from) / HOUR_MILLIS), monitorHours, dirty.size(), Instant.ofEpochMilli(end),
                Duration.ofNanos(longestWriteNanos));
    }

    /** A write of the pass, timed from inside its transaction to its commit: how long it held the store's writer. */
    private <T> T write(String what, SqlWork<T> work) {
        long[] began = new long[1];
        T result = store.write(what, c -> {
            began[0] = System.nanoTime();
            return work.run(c);
        });
        longestWriteNanos = Math.max(longestWriteNanos, System.nanoTime() - began[0]);
        return result;
    }

    /**
     * Reads the hour's results a minute at a time (short read transactions, so the WAL can be checkpointed meanwhile),
     * then writes each monitor's rollup. A result stored for a minute already read started before {@code rollingUntil}
     * and marks its monitor-hour dirty: the next pass rolls that up again.
     */
    private int rollUpHour(long hour) {
        write("clear late monitor-hours", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM rollup_dirty WHERE hour_at = ?")) {
                delete.setLong(1, hour);
                return delete.executeUpdate();
            }
        });
        HourResults results = new HourResults(hour);
        for (long slice = hour; slice < hour + HOUR_MILLIS; slice += SLICE_MILLIS) {
            long from = slice;
            store.read("read the results of an hour", c -> scan(c, from, from + SLICE_MILLIS, results));
        }
        int written = 0;
        for (List<Long> monitors : batches(results.monitorIds(), MONITOR_HOURS_PER_WRITE)) {
            List<MonitorHour> hours = monitors.stream().map(results::take).toList();
            write("write rollups", c -> replace(c, hours));
            written += hours.size();
        }
        write("advance the rollup watermark", c -> setWatermark(c, hour + HOUR_MILLIS));
        return written;
    }

    private static int scan(Connection c, long since, long until, HourResults into) throws SQLException {
        int rows = 0;
        try (PreparedStatement select = c.prepareStatement(ALL_RESULTS_IN_RANGE)) {
            select.setLong(1, since);
            select.setLong(2, until);
            select.setFetchSize(10_000);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    into.add(r.getLong(1), r.getString(2), r.getLong(3), r.getInt(4), r.getLong(5));
                    rows++;
                }
            }
        }
        return rows;
    }

    private void raiseRollingUntil(long end) {
        if (end <= rollingUntil) {
            return;
        }
        gate.writeLock().lock();
        try {
            rollingUntil = end;
        } finally {
            gate.writeLock().unlock();
        }
    }

    /** Deletes the rollups of hours before {@code cutoff}; returns how many rows. */
    int purgeBefore(Instant cutoff) {
        return store.write("purge rollups before " + cutoff, c -> {
            int deleted = 0;
            for (String table : List.of("rollup_locations", "rollup_rounds", "rollup_dirty")) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE hour_at < ?")) {
                    delete.setLong(1, cutoff.toEpochMilli());
                    deleted += delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    /** One monitor's scheduled results that started in [since, until): rollups for whole hours rolled up, results for the rest. */
    ResultSummary summarize(long monitorId, Instant since, Instant until) {
        long s = since.toEpochMilli();
        long u = until.toEpochMilli();
        return store.read("summarize results of monitor " + monitorId, c -> {
            SummaryAccumulator sum = new SummaryAccumulator();
            long from = floorHour(s + HOUR_MILLIS - 1);
            long to = Math.min(floorHour(u), watermark(c));
            if (from >= to) {
                addResults(c, monitorId, s, u, sum);
                return sum.summary();
            }
            Set<Long> dirty = dirtyHours(c, monitorId, from, to);
            addResults(c, monitorId, s, from, sum);
            addRollups(c, monitorId, from, to, dirty, sum);
            for (long hour : dirty) {
                addResults(c, monitorId, hour, hour + HOUR_MILLIS, sum);
            }
            addResults(c, monitorId, to, u, sum);
            return sum.summary();
        });
    }

    private static MonitorHour build(Connection c, long monitorId, long hour) throws SQLException {
        SummaryAccumulator sum = new SummaryAccumulator();
        addResults(c, monitorId, hour, hour + HOUR_MILLIS, sum);
        return sum.monitorHour(monitorId, hour);
    }

    private static void addResults(Connection c, long monitorId, long since, long until, SummaryAccumulator sum) throws SQLException {
        if (since >= until) {
            return;
        }
        try (PreparedStatement select = c.prepareStatement(RESULTS_IN_RANGE)) {
            select.setLong(1, monitorId);
            select.setLong(2, since);
            select.setLong(3, until);
            select.setFetchSize(10_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sum.addResult(rows.getString(1), rows.getLong(2), rows.getInt(3), rows.getLong(4));
                }
            }
        }
    }

    private static void addRollups(Connection c, long monitorId, long from, long to, Set<Long> skip, SummaryAccumulator sum)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT hour_at, location, connected, failed, no_agent, connect_histogram"
                + " FROM rollup_locations WHERE monitor_id = ? AND hour_at >= ? AND hour_at < ?")) {
            bindRange(select, monitorId, from, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (!skip.contains(rows.getLong(1))) {
                        sum.addLocationHour(new LocationHour(rows.getString(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
                                ConnectHistogram.decode(rows.getBytes(6))));
                    }
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement(
                "SELECT hour_at, rounds FROM rollup_rounds WHERE monitor_id = ? AND hour_at >= ? AND hour_at < ?")) {
            bindRange(select, monitorId, from, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (!skip.contains(rows.getLong(1))) {
                        sum.addRounds(rows.getLong(1), rows.getBytes(2));
                    }
                }
            }
        }
    }

    private static long rolledUpResults(Connection c, long monitorId, long hour) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT COALESCE(SUM(connected + failed + no_agent), 0) FROM rollup_locations WHERE monitor_id = ? AND hour_at = ?")) {
            select.setLong(1, monitorId);
            select.setLong(2, hour);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Set<Long> dirtyHours(Connection c, long monitorId, long from, long to) throws SQLException {
        Set<Long> hours = new TreeSet<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT hour_at FROM rollup_dirty WHERE monitor_id = ? AND hour_at >= ? AND hour_at < ?")) {
            bindRange(select, monitorId, from, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    hours.add(rows.getLong(1));
                }
            }
        }
        return hours;
    }

    private static void bindRange(PreparedStatement select, long monitorId, long from, long to) throws SQLException {
        select.setLong(1, monitorId);
        select.setLong(2, from);
        select.setLong(3, to);
    }

    /** Replaces the rollups of each monitor-hour (a pass stopped half-way writes them again); skips deleted monitors. */
    private static int replace(Connection c, List<MonitorHour> hours) throws SQLException {
        try (PreparedStatement deleteLocations = c.prepareStatement("DELETE FROM rollup_locations WHERE monitor_id = ? AND hour_at = ?");
             PreparedStatement deleteRounds = c.prepareStatement("DELETE FROM rollup_rounds WHERE monitor_id = ? AND hour_at = ?");
             PreparedStatement insertLocation = c.prepareStatement("INSERT INTO rollup_locations"
                     + " (monitor_id, hour_at, location, connected, failed, no_agent, connect_histogram) SELECT ?, ?, ?, ?, ?, ?, ?"
                     + IF_MONITOR_EXISTS);
             PreparedStatement insertRounds = c.prepareStatement(
                     "INSERT INTO rollup_rounds (monitor_id, hour_at, rounds) SELECT ?, ?, ?" + IF_MONITOR_EXISTS)) {
            for (MonitorHour h : hours) {
                for (PreparedStatement delete : List.of(deleteLocations, deleteRounds)) {
                    delete.setLong(1, h.monitorId());
                    delete.setLong(2, h.hourAtMillis());
                    delete.addBatch();
                }
                for (LocationHour l : h.locations()) {
                    insertLocation.setLong(1, h.monitorId());
                    insertLocation.setLong(2, h.hourAtMillis());
                    insertLocation.setString(3, l.location());
                    insertLocation.setLong(4, l.connected());
                    insertLocation.setLong(5, l.failed());
                    insertLocation.setLong(6, l.noAgent());
                    insertLocation.setBytes(7, l.connectTimes().encode());
                    insertLocation.setLong(8, h.monitorId());
                    insertLocation.addBatch();
                }
                if (!h.locations().isEmpty()) {
                    insertRounds.setLong(1, h.monitorId());
                    insertRounds.setLong(2, h.hourAtMillis());
                    insertRounds.setBytes(3, h.rounds());
                    insertRounds.setLong(4, h.monitorId());
                    insertRounds.addBatch();
                }
            }
            deleteLocations.executeBatch();
            deleteRounds.executeBatch();
            insertLocation.executeBatch();
            insertRounds.executeBatch();
        }
        return hours.size();
    }

    private static List<long[]> dirty(Connection c, long before) throws SQLException {
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT monitor_id, hour_at FROM rollup_dirty WHERE hour_at < ? ORDER BY hour_at, monitor_id")) {
            select.setLong(1, before);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    out.add(new long[] {rows.getLong(1), rows.getLong(2)});
                }
            }
        }
        return out;
    }

    private static int clearDirty(Connection c, List<long[]> monitorHours) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM rollup_dirty WHERE monitor_id = ? AND hour_at = ?")) {
            for (long[] monitorHour : monitorHours) {
                delete.setLong(1, monitorHour[0]);
                delete.setLong(2, monitorHour[1]);
                delete.addBatch();
            }
            delete.executeBatch();
        }
        return monitorHours.size();
    }

    private static <E> List<List<E>> batches(List<E> all, int size) {
        List<List<E>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    private static long watermark(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT rolled_up_to FROM rollup_watermark WHERE id = 1");
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? rows.getLong(1) : NONE;
        }
    }

    /** Where rollups start on a store that has none yet: the hour of the oldest result, or {@code otherwise}. */
    private static long oldestResultHour(Connection c, long otherwise) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT MIN(started_at) FROM results");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            long oldest = rows.getLong(1);
            return rows.wasNull() ? otherwise : Math.min(floorHour(oldest), otherwise);
        }
    }

    private static int setWatermark(Connection c, long rolledUpTo) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO rollup_watermark (id, rolled_up_to) VALUES (1, ?)"
                + " ON CONFLICT (id) DO UPDATE SET rolled_up_to = excluded.rolled_up_to")) {
            upsert.setLong(1, rolledUpTo);
            return upsert.executeUpdate();
        }
    }

    static long floorHour(long millis) {
        return millis - Math.floorMod(millis, HOUR_MILLIS);
    }
}
