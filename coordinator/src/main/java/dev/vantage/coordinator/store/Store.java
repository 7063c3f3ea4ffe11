package dev.vantage.coordinator.store;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's durable state: monitor definitions, probe results, each monitor's alert state,
 * each location's health, the alert log, the alert outbox and the API tokens.
 * One interface, several databases behind it (embedded SQLite by default, PostgreSQL when
 * several coordinators share a store); the SQL stays portable so they behave the same.
 * Every method is safe to call from several threads.
 */
public interface Store extends AutoCloseable {

    /** @throws DuplicateNameException when a monitor of that name exists */
    Monitor createMonitor(MonitorSpec spec, Instant now);

    /**
     * Creates many monitors in one transaction (bulk import, benchmarks): all or none.
     *
     * @throws DuplicateNameException when a name is taken
     */
    List<Monitor> createMonitors(List<MonitorSpec> specs, Instant now);

    /**
     * Writes every monitor of {@code writes} (creating those with id 0, replacing the definition and
     * paused flag of the others) and deletes {@code deletes}, in ONE transaction: all or none.
     *
     * @return the monitors written, in the order of {@code writes}
     * @throws DuplicateNameException when a name belongs to another monitor
     * @throws java.util.NoSuchElementException when a monitor to replace no longer exists
     */
    List<Monitor> applyMonitors(List<MonitorWrite> writes, List<Long> deletes, Instant now);

    /**
     * Replaces a monitor's definition.
     *
     * @throws DuplicateNameException when the new name belongs to another monitor
     * @throws java.util.NoSuchElementException when there is no monitor with that id
     */
    Monitor updateMonitor(long id, MonitorSpec spec, Instant now);

    /** @throws java.util.NoSuchElementException when there is no monitor with that id */
    Monitor setPaused(long id, boolean paused, Instant now);

    /** Deletes a monitor and its results; empty when there was none. */
    Optional<Monitor> deleteMonitor(long id);

    Optional<Monitor> findMonitor(long id);

    Optional<Monitor> findMonitorByName(String name);

    /** The monitors of those names that exist, by id. */
    List<Monitor> findMonitorsByName(Collection<String> names);

    /** Every monitor, by id. */
    List<Monitor> listMonitors();

    /**
     * Stores results in one transaction and keeps the newest per (monitor, location) for
     * {@link #latestResults()}. Results of monitors that no longer exist (deleted while their
     * probes were in flight) are skipped.
     *
     * @return how many were stored
     */
    int insertResults(List<ProbeResult> results);

    /** Results matching the query, newest first. */
    List<ProbeResult> results(ResultQuery query);

    /**
     * The scheduled results of one monitor that started in [{@code since}, {@code until}), summed up for a
     * report. Whole hours that are rolled up ({@link #rollUpResults}) are read from their rollups (one row
     * per location and hour, connect times as histograms); the rest, and hours a result arrived for after
     * they were rolled up, from the results (one pass over the range of {@code results_by_monitor}). Counts
     * and rounds are the same either way; percentiles from histograms are within
     * {@link ConnectHistogram#RELATIVE_ERROR}.
     */
    ResultSummary summarizeResults(long monitorId, Instant since, Instant until);

    /**
     * Rolls up the scheduled results of every monitor by hour (the hour they started in), from where the last
     * pass stopped up to the hour of {@code upTo} (excluded), at most {@code maxHours} new hours; first rolls up
     * again the monitor-hours that results arrived for after their rollup. Progress is stored with each hour,
     * so a restart goes on where it stopped; a store without rollups starts at its oldest result.
     */
    RollupPass rollUpResults(Instant upTo, int maxHours);

    /** Deletes the rollups of hours before the cutoff; returns how many rows. */
    int purgeRollupsBefore(Instant cutoff);

    /**
     * The incidents of one monitor that may overlap [{@code since}, now]: every clear alert raised at or
     * after {@code since} and the open alert of every incident that has not cleared, oldest first.
     */
    List<Alert> incidentAlerts(long monitorId, Instant since);

    /**
     * The scheduled results of {@code monitorIds} (a page of them, at most a few hundred) that started at or
     * after {@code since}, counted per monitor, location, hour and status code: the status page's
     * availability bars. Reads the range of the index {@code results_by_monitor} of each monitor once.
     */
    List<HourlyCount> hourlyCounts(Collection<Long> monitorIds, Instant since);

    /**
     * The newest result (by start time) of each (monitor, location) pair, for every monitor,
     * by monitor id then location. A location removed from a monitor drops out.
     */
    List<ProbeResult> latestResults();

    /**
     * Deletes results that started before the cutoff, in transactions of bounded size so writers
     * never wait long; returns how many. {@link #latestResults()} keeps the last known result.
     */
    int purgeResultsBefore(Instant cutoff);

    /** The saved alert state of every monitor that has one, by monitor id (read at start-up). */
    Map<Long, SavedAlertState> alertStates();

    /**
     * Saves a monitor's state after a round or tick together with the alerts it raised, in ONE
     * transaction: each alert goes to the alert log (numbered with the log's next sequence) and gets
     * one outbox delivery per recipient channel (numbered with that channel's next sequence). An alert
     * already in the log (same {@link Alert#idempotencyKey()}) is not written again. Nothing is
     * written for a monitor that no longer exists.
     *
     * @param alerts the alerts with their recipients resolved to channel names (may be empty: no delivery)
     * @return the alerts written, each numbered with its log sequence
     */
    List<Alert> saveAlertState(long monitorId, SavedAlertState state, List<AlertIntent> alerts, Instant now);

    /** The saved health of each location that has one, by location name (read when a coordinator becomes active). */
    Map<String, SavedLocationHealth> locationHealth();

    /**
     * Saves a location's health together with the alerts its change raised, in ONE transaction, as
     * {@link #saveAlertState} does for a monitor: a restart or a failover neither loses nor repeats a location's
     * alert. An alert already in the log is not written again.
     *
     * @return the alerts written, numbered
     */
    List<Alert> saveLocationHealth(String location, SavedLocationHealth health, List<AlertIntent> alerts, Instant now);

    /**
     * Drops a location's saved health (its canaries were removed) and writes {@code alerts}, in one transaction.
     *
     * @return the alerts written, numbered
     */
    List<Alert> forgetLocationHealth(String location, List<AlertIntent> alerts, Instant now);

    /**
     * The alert log after {@code sequence}, oldest first, at most {@code max}; each numbered with its
     * log sequence. Sequences become visible in order: once N is seen, every alert below N is visible.
     */
    List<Alert> alertsAfter(long sequence, int max);

    /** The newest alerts first, of one monitor or of all; at most {@code max}. */
    List<Alert> recentAlerts(Optional<Long> monitorId, int max);

    /**
     * Saves a new token (its creation time truncated to milliseconds).
     *
     * @return false, saving nothing, when a token of that name exists, revoked or not
     */
    boolean createToken(StoredToken token);

    /** Every token, revoked ones included, by name. */
    List<StoredToken> tokens();

    /** @return false when there is no token of that name that is not revoked already */
    boolean revokeToken(String name, Instant at);

    /** Records when tokens were last used (a later time only; unknown names are skipped), in one transaction. */
    void markTokensUsed(Map<String, Instant> lastUsed);

    /** The outbox in this store; {@code clock} stamps acknowledgements. */
    Outbox outbox(Clock clock);

    /**
     * Binds {@code agentId} to a certificate subject unless it is bound already.
     *
     * @return the subject the id is bound to: {@code subject} if it was free, else the earlier one
     */
    String bindAgentCertificate(String agentId, String subject, Instant now);

    /**
     * Makes this the active coordinator's store: increments the store's fencing epoch and, from now on,
     * refuses every write of this store object (in the write's own transaction) once another coordinator
     * has taken a newer epoch, with {@link SupersededException}, after calling {@code onSuperseded}.
     * Call it only while holding the {@link CoordinatorLock}.
     */
    Tenure takeOver(String holder, Instant now, Runnable onSuperseded);

    /**
     * Records that the active coordinator is alive now (the next one reads it as the start of the gap).
     *
     * @return false, after calling the takeover's {@code onSuperseded}, when another coordinator took over
     */
    boolean stillActive(Instant now);

    /**
     * Ends this coordinator's tenure cleanly (a planned stop, once it has stopped scheduling and dispatching and
     * stored its results): records that its epoch was released, and that it was last active at {@code lastActive}
     * (the start of the next gap). From then on every write of this store object is refused with
     * {@link SupersededException}, as after a takeover. The next coordinator skips the lease wait for a released epoch.
     *
     * @return false when another coordinator took over meanwhile, or this one released already
     */
    boolean release(Instant lastActive, Instant at);

    /** Records a period with no active coordinator (once per epoch; fenced like every write). */
    void recordGap(CoordinatorGap gap);

    /** The gaps with no active coordinator that overlap [{@code since}, {@code until}), oldest first. */
    List<CoordinatorGap> gaps(Instant since, Instant until);

    /** By monitor id, the locations with a scheduled or late result due at or after {@code since}. */
    Map<Long, Set<String>> roundsRunSince(Instant since);

    /** Bytes the store occupies on disk (0 where the database does not say). */
    long sizeOnDiskBytes();

    @Override
    void close();
}
