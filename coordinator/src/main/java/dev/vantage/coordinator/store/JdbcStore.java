package dev.vantage.coordinator.store;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link Store} in portable SQL over SQLite or PostgreSQL. Opened by {@link StoreFactory}.
 * Instants are stored as epoch milliseconds, so what comes back is truncated to milliseconds.
 */
final class JdbcStore implements Store {
    private static final String MONITOR_COLUMNS = "id, name, host, port, interval_ms, timeout_ms, paused, created_at, updated_at,"
            + " mode, local_retry, start_notify, stop_notify, remind_every_ms, notify_on_clear, channels, blackouts,"
            + " alert_when, retry_interval_ms, signals";
    /** The columns {@link #bindSpec} binds, in order. */
    private static final String SPEC_COLUMNS = "name, host, port, interval_ms, timeout_ms,"
            + " mode, local_retry, start_notify, stop_notify, remind_every_ms, notify_on_clear, channels, blackouts,"
            + " alert_when, retry_interval_ms, signals";
    private static final int SPEC_PARAMETERS = 16;
    private static final String RESULT_COLUMNS =
            "job_id, monitor_id, location, agent_id, kind, due_at, started_at, status_code, reason, connect_nanos, address, message";
    private static final String RESULT_PARAMETERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    /** Skips results of monitors deleted while their probes were in flight, instead of failing the whole batch. */
    private static final String IF_MONITOR_EXISTS = " WHERE EXISTS (SELECT 1 FROM monitors WHERE id = ?)";
    /**
     * One row per result identity (V8's results_once): a resend stores nothing, except that an
     * agent's real answer replaces the "no agent available" the coordinator stored when it gave up
     * waiting for it (the agent was cut off, and delivered it after reconnecting).
     */
    private static final String INSERT_RESULT =
            "INSERT INTO results (" + RESULT_COLUMNS + ") SELECT " + RESULT_PARAMETERS + IF_MONITOR_EXISTS
                    + " ON CONFLICT (monitor_id, location, due_at, kind) DO UPDATE SET job_id = excluded.job_id,"
                    + " agent_id = excluded.agent_id, started_at = excluded.started_at, status_code = excluded.status_code,"
                    + " reason = excluded.reason, connect_nanos = excluded.connect_nanos, address = excluded.address,"
                    + " message = excluded.message"
                    + " WHERE results.status_code = " + StatusCode.NO_AGENT_AVAILABLE.code()
                    + " AND excluded.status_code <> " + StatusCode.NO_AGENT_AVAILABLE.code();
    private static final String UPSERT_LATEST =
            "INSERT INTO latest_results (" + RESULT_COLUMNS + ") SELECT " + RESULT_PARAMETERS + IF_MONITOR_EXISTS
                    + " ON CONFLICT (monitor_id, location) DO UPDATE SET job_id = excluded.job_id, agent_id = excluded.agent_id,"
                    + " kind = excluded.kind, due_at = excluded.due_at, started_at = excluded.started_at,"
                    + " status_code = excluded.status_code, reason = excluded.reason, connect_nanos = excluded.connect_nanos,"
                    + " address = excluded.address, message = excluded.message"
                    + " WHERE excluded.started_at >= latest_results.started_at";

    private static final int NAMES_PER_QUERY = 500;

    private final Database database;
    private final int purgeChunkSize;
    private final JdbcRollups rollups;
    /** The fencing epoch taken by {@link #takeOver}; 0: not the active coordinator's store, writes are not fenced. */
    private volatile long epoch;
    private volatile Runnable onSuperseded = () -> { };

    JdbcStore(Database database, int purgeChunkSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.purgeChunkSize = purgeChunkSize;
        this.rollups = new JdbcRollups(this);
    }

    @Override
    public Monitor createMonitor(MonitorSpec spec, Instant now) {
        return createMonitors(List.of(spec), now).get(0);
    }

    @Override
    public List<Monitor> createMonitors(List<MonitorSpec> specs, Instant now) {
        return applyMonitors(specs.stream().map(spec -> new MonitorWrite(0, spec, false)).toList(), List.of(), now);
    }

    @Override
    public List<Monitor> applyMonitors(List<MonitorWrite> writes, List<Long> deletes, Instant now) {
        Instant at = millis(now);
        // The name being written when the transaction failed: the duplicate, if that is why.
        String[] name = {""};
        try {
            return database.write(fenced(c -> {
                for (long id : deletes) {
                    deleteMonitor(c, id);
                }
                List<Monitor> written = new ArrayList<>(writes.size());
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO monitors (" + SPEC_COLUMNS + ", paused, created_at, updated_at)"
                                + " VALUES (" + "?, ".repeat(SPEC_PARAMETERS) + "?, ?, ?) RETURNING id")) {
                    for (MonitorWrite write : writes) {
                        name[0] = write.spec().name();
                        written.add(write.isNew()
                                ? new Monitor(insertMonitor(c, insert, write, at), write.spec(), write.paused(), at, at)
                                : replaceMonitor(c, write, at));
                    }
                }
                return written;
            }));
        } catch (SQLException e) {
            throw duplicateOrFailure(e, name[0], "write monitor " + name[0]);
        }
    }

    private static long insertMonitor(Connection c, PreparedStatement insert, MonitorWrite write, Instant at) throws SQLException {
        bindSpec(insert, write.spec());
        insert.setBoolean(SPEC_PARAMETERS + 1, write.paused());
        insert.setLong(SPEC_PARAMETERS + 2, at.toEpochMilli());
        insert.setLong(SPEC_PARAMETERS + 3, at.toEpochMilli());
        long newId;
        try (ResultSet rows = insert.executeQuery()) {
            rows.next();
            newId = rows.getLong(1);
        }
        insertLocations(c, newId, write.spec().locations());
        return newId;
    }

    private static Monitor replaceMonitor(Connection c, MonitorWrite write, Instant at) throws SQLException {
        replaceSpec(c, write.id(), write.spec(), at);
        try (PreparedStatement update = c.prepareStatement("UPDATE monitors SET paused = ? WHERE id = ?")) {
            update.setBoolean(1, write.paused());
            update.setLong(2, write.id());
            update.executeUpdate();
        }
        return findMonitor(c, write.id()).orElseThrow(() -> noMonitor(write.id()));
    }

    @Override
    public Monitor updateMonitor(long id, MonitorSpec spec, Instant now) {
        Instant at = millis(now);
        try {
            return database.write(fenced(c -> {
                replaceSpec(c, id, spec, at);
                return findMonitor(c, id).orElseThrow(() -> noMonitor(id));
            }));
        } catch (SQLException e) {
            throw duplicateOrFailure(e, spec.name(), "update monitor " + id);
        }
    }

    private static void replaceSpec(Connection c, long id, MonitorSpec spec, Instant at) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE monitors SET (" + SPEC_COLUMNS + ", updated_at) = (" + "?, ".repeat(SPEC_PARAMETERS) + "?) WHERE id = ?")) {
            bindSpec(update, spec);
            update.setLong(SPEC_PARAMETERS + 1, at.toEpochMilli());
            update.setLong(SPEC_PARAMETERS + 2, id);
            if (update.executeUpdate() == 0) {
                throw noMonitor(id);
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM monitor_locations WHERE monitor_id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
        insertLocations(c, id, spec.locations());
        dropLatestOfRemovedLocations(c, id, spec.locations());
    }

    @Override
    public Monitor setPaused(long id, boolean paused, Instant now) {
        Instant at = millis(now);
        return write("pause monitor " + id, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE monitors SET paused = ?, updated_at = ? WHERE id = ?")) {
                update.setBoolean(1, paused);
                update.setLong(2, at.toEpochMilli());
                update.setLong(3, id);
                if (update.executeUpdate() == 0) {
                    throw noMonitor(id);
                }
            }
            return findMonitor(c, id).orElseThrow(() -> noMonitor(id));
        });
    }

    @Override
    public Optional<Monitor> deleteMonitor(long id) {
        return write("delete monitor " + id, c -> {
            Optional<Monitor> existing = findMonitor(c, id);
            if (existing.isPresent()) {
                deleteMonitor(c, id);
            }
            return existing;
        });
    }

    private static void deleteMonitor(Connection c, long id) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM monitors WHERE id = ?")) {
            delete.setLong(1, id);
            delete.executeUpdate(); // results, locations and latest results go by ON DELETE CASCADE
        }
    }

    @Override
    public String bindAgentCertificate(String agentId, String subject, Instant now) {
        return write("bind agent " + agentId + " to its certificate", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO agent_certificate_bindings (agent_id, subject, bound_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (agent_id) DO NOTHING")) {
                insert.setString(1, agentId);
                insert.setString(2, subject);
                insert.setLong(3, now.toEpochMilli());
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT subject FROM agent_certificate_bindings WHERE agent_id = ?")) {
                select.setString(1, agentId);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    @Override
    public Optional<Monitor> findMonitor(long id) {
        return read("find monitor " + id, c -> findMonitor(c, id));
    }

    @Override
    public Optional<Monitor> findMonitorByName(String name) {
        return read("find monitor " + name, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id FROM monitors WHERE name = ?")) {
                select.setString(1, name);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? findMonitor(c, rows.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Monitor> findMonitorsByName(Collection<String> names) {
        List<String> all = List.copyOf(names);
        return read("find " + all.size() + " monitors by name", c -> {
            List<Long> ids = new ArrayList<>();
            // In parts: SQLite allows 999 parameters a statement in older builds.
            for (int from = 0; from < all.size(); from += NAMES_PER_QUERY) {
                List<String> part = all.subList(from, Math.min(all.size(), from + NAMES_PER_QUERY));
                try (PreparedStatement select = c.prepareStatement(
                        "SELECT id FROM monitors WHERE name IN (" + "?, ".repeat(part.size() - 1) + "?)")) {
                    for (int i = 0; i < part.size(); i++) {
                        select.setString(i + 1, part.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong(1));
                        }
                    }
                }
            }
            List<Monitor> found = new ArrayList<>(ids.size());
            for (long id : ids.stream().sorted().toList()) {
                findMonitor(c, id).ifPresent(found::add);
            }
            return found;
        });
    }

    @Override
    public List<Monitor> listMonitors() {
        return read("list monitors", c -> {
            Map<Long, List<String>> locations = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT monitor_id, location FROM monitor_locations ORDER BY monitor_id, position");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    locations.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
            List<Monitor> monitors = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + MONITOR_COLUMNS + " FROM monitors ORDER BY id");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    monitors.add(monitor(rows, locations.getOrDefault(rows.getLong(1), List.of())));
                }
            }
            return monitors;
        });
    }

    @Override
    public int insertResults(List<ProbeResult> results) {
        if (results.isEmpty()) {
            return 0;
        }
        return rollups.insertingResults(results, c -> {
            int stored = 0;
            try (PreparedStatement insert = c.prepareStatement(INSERT_RESULT)) {
                for (ProbeResult result : results) {
                    bindResult(insert, result);
                    insert.addBatch();
                }
                for (int count : insert.executeBatch()) {
                    stored += Math.max(count, 0);
                }
            }
            try (PreparedStatement upsert = c.prepareStatement(UPSERT_LATEST)) {
                for (ProbeResult result : newestPerMonitorAndLocation(results)) {
                    bindResult(upsert, result);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return stored;
        }, "insert " + results.size() + " results");
    }

    @Override
    public List<ProbeResult> results(ResultQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + RESULT_COLUMNS + " FROM results WHERE monitor_id = ?");
        query.location().ifPresent(l -> sql.append(" AND location = ?"));
        query.since().ifPresent(s -> sql.append(" AND started_at >= ?"));
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        return read("read results of monitor " + query.monitorId(), c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int i = 1;
                select.setLong(i++, query.monitorId());
                if (query.location().isPresent()) {
                    select.setString(i++, query.location().get());
                }
                if (query.since().isPresent()) {
                    select.setLong(i++, query.since().get().toEpochMilli());
                }
                select.setInt(i, query.limit());
                return results(select);
            }
        });
    }

    @Override
    public ResultSummary summarizeResults(long monitorId, Instant since, Instant until) {
        return rollups.summarize(monitorId, since, until);
    }

    @Override
    public RollupPass rollUpResults(Instant upTo, int maxHours) {
        return rollups.rollUp(upTo, maxHours);
    }

    @Override
    public int purgeRollupsBefore(Instant cutoff) {
        return rollups.purgeBefore(cutoff);
    }

    @Override
    public List<Alert> incidentAlerts(long monitorId, Instant since) {
        return read("read incidents of monitor " + monitorId, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, body FROM alerts a WHERE monitor_id = ? AND ("
                    + "(kind = 'clear' AND raised_at >= ?) OR (kind = 'open' AND NOT EXISTS "
                    + "(SELECT 1 FROM alerts c WHERE c.incident_id = a.incident_id AND c.kind = 'clear'))) ORDER BY id")) {
                select.setLong(1, monitorId);
                select.setLong(2, since.toEpochMilli());
                return JdbcAlerts.alerts(select);
            }
        });
    }

    @Override
    public List<HourlyCount> hourlyCounts(Collection<Long> monitorIds, Instant since) {
        if (monitorIds.isEmpty()) {
            return List.of();
        }
        List<Long> ids = List.copyOf(monitorIds);
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        long hourMillis = Duration.ofHours(1).toMillis();
        return read("count results by hour of " + ids.size() + " monitors", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT monitor_id, location, started_at / " + hourMillis
                    + ", status_code, COUNT(*) FROM results WHERE monitor_id IN (" + marks + ") AND started_at >= ? AND kind = 'SCHEDULED'"
                    + " GROUP BY monitor_id, location, started_at / " + hourMillis + ", status_code"
                    + " ORDER BY monitor_id, location, started_at / " + hourMillis + ", status_code")) {
                for (int i = 0; i < ids.size(); i++) {
                    select.setLong(i + 1, ids.get(i));
                }
                select.setLong(ids.size() + 1, since.toEpochMilli());
                List<HourlyCount> out = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        out.add(new HourlyCount(rows.getLong(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3) * hourMillis),
                                rows.getInt(4), rows.getLong(5)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<ProbeResult> latestResults() {
        return read("read latest results", c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + RESULT_COLUMNS + " FROM latest_results ORDER BY monitor_id, location")) {
                select.setFetchSize(10_000);
                return results(select);
            }
        });
    }

    @Override
    public int purgeResultsBefore(Instant cutoff) {
        int total = 0;
        while (true) {
            int deleted = write("purge results before " + cutoff, c -> {
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM results WHERE id IN (SELECT id FROM results WHERE started_at < ? ORDER BY started_at LIMIT ?)")) {
                    delete.setLong(1, cutoff.toEpochMilli());
                    delete.setInt(2, purgeChunkSize);
                    return delete.executeUpdate();
                }
            });
            total += deleted;
            if (deleted < purgeChunkSize) {
                return total;
            }
        }
    }

    @Override
    public Map<Long, SavedAlertState> alertStates() {
        return read("read alert states", JdbcAlerts::states);
    }

    @Override
    public List<Alert> saveAlertState(long monitorId, SavedAlertState state, List<AlertIntent> alerts, Instant now) {
        return write("save alert state of monitor " + monitorId, c -> {
            if (findMonitor(c, monitorId).isEmpty()) {
                return List.of(); // deleted while its round ran
            }
            JdbcAlerts.saveState(c, monitorId, state, now);
            return insertAlerts(c, alerts, now);
        });
    }

    /** Each alert not in the log yet, with its deliveries; returns those written, numbered. */
    private static List<Alert> insertAlerts(Connection c, List<AlertIntent> alerts, Instant now) throws SQLException {
        List<Alert> written = new ArrayList<>();
        for (AlertIntent intent : alerts) {
            JdbcAlerts.insert(c, intent, now).ifPresent(w -> written.add(w.alert()));
        }
        return written;
    }

    @Override
    public Map<String, SavedLocationHealth> locationHealth() {
        return read("read the locations' health", JdbcLocations::all);
    }

    @Override
    public List<Alert> saveLocationHealth(String location, SavedLocationHealth health, List<AlertIntent> alerts, Instant now) {
        return write("save the health of location " + location, c -> {
            JdbcLocations.save(c, location, health, now);
            return insertAlerts(c, alerts, now);
        });
    }

    @Override
    public List<Alert> forgetLocationHealth(String location, List<AlertIntent> alerts, Instant now) {
        return write("forget the health of location " + location, c -> {
            JdbcLocations.delete(c, location);
            return insertAlerts(c, alerts, now);
        });
    }

    @Override
    public List<Alert> alertsAfter(long sequence, int max) {
        return read("read alerts after " + sequence, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, body FROM alerts WHERE id > ? ORDER BY id LIMIT ?")) {
                select.setLong(1, sequence);
                select.setInt(2, max);
                return JdbcAlerts.alerts(select);
            }
        });
    }

    @Override
    public List<Alert> recentAlerts(Optional<Long> monitorId, int max) {
        return read("read recent alerts", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, body FROM alerts"
                    + (monitorId.isPresent() ? " WHERE monitor_id = ?" : "") + " ORDER BY id DESC LIMIT ?")) {
                int i = 1;
                if (monitorId.isPresent()) {
                    select.setLong(i++, monitorId.get());
                }
                select.setInt(i, max);
                return JdbcAlerts.alerts(select);
            }
        });
    }

    @Override
    public Outbox outbox(Clock clock) {
        return new JdbcOutbox(this, clock);
    }

    @Override
    public long sizeOnDiskBytes() {
        try {
            return database.sizeOnDiskBytes();
        } catch (SQLException e) {
            throw failure("measure the store", e);
        }
    }

    @Override
    public void close() {
        database.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + database.describe() + "]";
    }

    private static Optional<Monitor> findMonitor(Connection c, long id) throws SQLException {
        List<String> locations = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT location FROM monitor_locations WHERE monitor_id = ? ORDER BY position")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    locations.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement select = c.prepareStatement("SELECT " + MONITOR_COLUMNS + " FROM monitors WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(monitor(rows, locations)) : Optional.empty();
            }
        }
    }

    private static Monitor monitor(ResultSet rows, List<String> locations) throws SQLException {
        MonitorSpec spec = new MonitorSpec(
                rows.getString(2),
                rows.getString(3),
                rows.getInt(4),
                Duration.ofMillis(rows.getLong(5)),
                Duration.ofMillis(rows.getLong(6)),
                locations,
                policy(rows));
        return new Monitor(rows.getLong(1), spec, rows.getBoolean(7),
                Instant.ofEpochMilli(rows.getLong(8)), Instant.ofEpochMilli(rows.getLong(9)));
    }

    private static void bindSpec(PreparedStatement statement, MonitorSpec spec) throws SQLException {
        statement.setString(1, spec.name());
        statement.setString(2, spec.host());
        statement.setInt(3, spec.port());
        statement.setLong(4, spec.interval().toMillis());
        statement.setLong(5, spec.timeout().toMillis());
        AlertPolicy policy = spec.policy();
        NotifyRules rules = policy.notifyRules();
        statement.setString(6, policy.mode().format());
        statement.setBoolean(7, policy.localRetry());
        statement.setInt(8, rules.startNotify());
        statement.setInt(9, rules.stopNotify());
        statement.setLong(10, rules.remindEvery().map(Duration::toMillis).orElse(0L));
        statement.setBoolean(11, rules.notifyOnClear());
        statement.setString(12, String.join(",", rules.channels()));
        statement.setString(13, policy.blackouts().stream().map(Blackout::format).collect(Collectors.joining("\n")));
        statement.setString(14, policy.alertWhen().map(AlertWindow::format).orElse(""));
        statement.setLong(15, policy.retryInterval().map(Duration::toMillis).orElse(0L));
        statement.setString(16, policy.signals().format());
    }

    /** Columns 10-20 of {@link #MONITOR_COLUMNS}. */
    private static AlertPolicy policy(ResultSet rows) throws SQLException {
        long remindMs = rows.getLong(14);
        NotifyRules rules = new NotifyRules(rows.getInt(12), rows.getInt(13),
                remindMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(remindMs)), rows.getBoolean(15),
                lines(rows.getString(16), ","));
        List<Blackout> blackouts = lines(rows.getString(17), "\n").stream().map(Blackout::parse).toList();
        String alertWhen = rows.getString(18);
        long retryMs = rows.getLong(19);
        return new AlertPolicy(MonitoringMode.parse(rows.getString(10)), rows.getBoolean(11), rules, blackouts,
                alertWhen == null || alertWhen.isEmpty() ? Optional.empty() : Optional.of(AlertWindow.parse(alertWhen)),
                retryMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(retryMs)), SignalRules.parse(rows.getString(20)));
    }

    private static List<String> lines(String text, String separator) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(separator));
    }

    private static void insertLocations(Connection c, long monitorId, List<String> locations) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO monitor_locations (monitor_id, position, location) VALUES (?, ?, ?)")) {
            for (int i = 0; i < locations.size(); i++) {
                insert.setLong(1, monitorId);
                insert.setInt(2, i);
                insert.setString(3, locations.get(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void dropLatestOfRemovedLocations(Connection c, long monitorId, List<String> kept) throws SQLException {
        StringBuilder sql = new StringBuilder("DELETE FROM latest_results WHERE monitor_id = ?");
        if (!kept.isEmpty()) {
            sql.append(" AND location NOT IN (").append("?, ".repeat(kept.size() - 1)).append("?)");
        }
        try (PreparedStatement delete = c.prepareStatement(sql.toString())) {
            delete.setLong(1, monitorId);
            for (int i = 0; i < kept.size(); i++) {
                delete.setString(i + 2, kept.get(i));
            }
            delete.executeUpdate();
        }
    }

    private static void bindResult(PreparedStatement statement, ProbeResult result) throws SQLException {
        ProbeOutcome outcome = result.outcome();
        statement.setLong(1, result.jobId());
        statement.setLong(2, result.monitorId());
        statement.setString(3, result.location());
        statement.setString(4, result.agentId());
        statement.setString(5, result.kind().name());
        statement.setLong(6, result.dueAt().toEpochMilli());
        statement.setLong(7, outcome.startedAt().toEpochMilli());
        statement.setInt(8, outcome.status().code());
        statement.setString(9, outcome.reason().name());
        statement.setLong(10, outcome.connectNanos());
        statement.setString(11, outcome.address());
        statement.setString(12, outcome.message());
        statement.setLong(13, result.monitorId());
    }

    private static List<ProbeResult> results(PreparedStatement select) throws SQLException {
        List<ProbeResult> results = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ProbeOutcome outcome = new ProbeOutcome(
                        StatusCode.ofCode(rows.getInt(8)),
                        FailureReason.valueOf(rows.getString(9)),
                        rows.getLong(10),
                        rows.getString(11),
                        Instant.ofEpochMilli(rows.getLong(7)),
                        rows.getString(12));
                results.add(new ProbeResult(
                        rows.getLong(1),
                        rows.getLong(2),
                        rows.getString(3),
                        rows.getString(4),
                        ResultKind.valueOf(rows.getString(5)),
                        Instant.ofEpochMilli(rows.getLong(6)),
                        outcome));
            }
        }
        return results;
    }

    /** One upsert per key and batch; PostgreSQL also refuses to touch a row twice in one statement. */
    private static Iterable<ProbeResult> newestPerMonitorAndLocation(List<ProbeResult> results) {
        Map<String, ProbeResult> newest = new LinkedHashMap<>();
        for (ProbeResult result : results) {
            newest.merge(result.monitorId() + "\u0000" + result.location(), result,
                    (old, candidate) -> candidate.outcome().startedAt().isBefore(old.outcome().startedAt()) ? old : candidate);
        }
        return newest.values();
    }

    @Override
    public boolean createToken(StoredToken token) {
        StoredToken at = new StoredToken(token.name(), token.role(), token.hash(), millis(token.createdAt()),
                token.lastUsedAt(), token.revokedAt());
        return write("create token " + token.name(), c -> JdbcTokens.insert(c, at));
    }

    @Override
    public List<StoredToken> tokens() {
        return read("list tokens", JdbcTokens::all);
    }

    @Override
    public boolean revokeToken(String name, Instant at) {
        return write("revoke token " + name, c -> JdbcTokens.revoke(c, name, at));
    }

    @Override
    public void markTokensUsed(Map<String, Instant> lastUsed) {
        if (!lastUsed.isEmpty()) {
            write("record token use", c -> {
                JdbcTokens.markUsed(c, lastUsed);
                return null;
            });
        }
    }

    private static Instant millis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static NoSuchElementException noMonitor(long id) {
        return new NoSuchElementException("no monitor with id " + id);
    }

    private RuntimeException duplicateOrFailure(SQLException e, String name, String what) {
        return database.isDuplicateName(e) ? new DuplicateNameException(name) : failure(what, e);
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " in " + database.describe() + ": " + e.getMessage(), e);
    }

    @Override
    public Tenure takeOver(String holder, Instant now, Runnable superseded) {
        Tenure tenure = write("take over as the active coordinator", c -> JdbcEpochs.takeOver(c, holder, now));
        this.onSuperseded = superseded;
        this.epoch = tenure.epoch();
        return tenure;
    }

    @Override
    public boolean stillActive(Instant now) {
        long mine = epoch;
        try {
            if (database.write(c -> JdbcEpochs.alive(c, mine, now))) {
                return true;
            }
        } catch (SQLException e) {
            throw failure("record that the coordinator is alive", e);
        }
        onSuperseded.run();
        return false;
    }

    @Override
    public boolean release(Instant lastActive, Instant at) {
        long mine = epoch;
        try {
            return database.write(c -> JdbcEpochs.release(c, mine, lastActive, at));
        } catch (SQLException e) {
            throw failure("record that the coordinator released the store", e);
        }
    }

    @Override
    public void recordGap(CoordinatorGap gap) {
        long mine = epoch;
        write("record a gap with no active coordinator", c -> {
            JdbcEpochs.recordGap(c, mine, gap);
            return null;
        });
    }

    @Override
    public List<CoordinatorGap> gaps(Instant since, Instant until) {
        return read("read gaps with no active coordinator", c -> JdbcEpochs.gaps(c, since, until));
    }

    @Override
    public Map<Long, Set<String>> roundsRunSince(Instant since) {
        return read("read the rounds run since " + since, c -> JdbcEpochs.roundsRunSince(c, since));
    }

    /**
     * The work, preceded in its transaction by the check that no other coordinator has taken over since {@link #takeOver}
     * and that this one has not {@link #release released} the store.
     */
    private <T> SqlWork<T> fenced(SqlWork<T> work) {
        long mine = epoch;
        if (mine == 0) {
            return work;
        }
        return c -> {
            JdbcEpochs.Fence fence = JdbcEpochs.current(c, database.sharedRowLock());
            if (fence.epoch() != mine) {
                onSuperseded.run();
                throw new SupersededException(mine, fence.epoch());
            }
            if (fence.released()) {
                throw new SupersededException(mine);
            }
            return work.run(c);
        };
    }

    <T> T write(String what, SqlWork<T> work) {
        try {
            return database.write(fenced(work));
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    <T> T read(String what, SqlWork<T> work) {
        try {
            return database.read(work);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }
}
