package dev.vantage.coordinator;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.text.Redaction;
import dev.vantage.common.validation.MonitorValidator;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.Deliverer;
import dev.vantage.coordinator.alert.channel.ChannelConfig;
import dev.vantage.coordinator.api.AdminServiceImpl;
import dev.vantage.coordinator.api.AlertServiceImpl;
import dev.vantage.coordinator.api.AgentServiceImpl;
import dev.vantage.coordinator.api.GrpcServers;
import dev.vantage.coordinator.auth.AuthInterceptor;
import dev.vantage.coordinator.auth.InitialToken;
import dev.vantage.coordinator.auth.TokenService;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.dispatch.DispatchStats;
import dev.vantage.coordinator.dispatch.Dispatcher;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.JobFactory;
import dev.vantage.coordinator.dispatch.LocationLoad;
import dev.vantage.coordinator.http.CoordinatorHttp;
import dev.vantage.coordinator.http.Health;
import dev.vantage.coordinator.location.Canaries;
import java.util.TreeMap;
import java.util.Set;
import java.util.Map;
import dev.vantage.coordinator.leader.Leadership;
import dev.vantage.coordinator.metrics.CoordinatorMetrics;
import dev.vantage.coordinator.monitor.MonitorCatalog;
import dev.vantage.coordinator.page.StatusPage;
import dev.vantage.coordinator.monitor.ResendWindow;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.report.RollupLoop;
import dev.vantage.coordinator.round.RoundRunner;
import dev.vantage.coordinator.schedule.Scheduler;
import dev.vantage.coordinator.schedule.SchedulerLoop;
import dev.vantage.coordinator.status.StatusBoard;
import dev.vantage.coordinator.store.ResultWriter;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.CoordinatorLock;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import dev.vantage.coordinator.tls.ServerTls;
import io.grpc.Server;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator: store, scheduler, round runner (rounds → verdicts → incidents → alerts),
 * dispatcher, alert deliverer and the gRPC server for agents, the admin API and the alert API,
 * wired together. {@link #start} brings it up; {@link #close} takes it down
 * in the reverse order, flushing every result to the store.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
    /**
     * How far before the last coordinator's last sign of life catch-up looks: it proved itself alive every 0.5 s,
     * and a round that fell due shortly before it died may not have reached any agent yet (its agents would
     * otherwise hold the results and send them again). A round of that stretch already stored owes nothing.
     */
    private static final Duration CATCH_UP_LOOKBACK = Duration.ofSeconds(3);
    static final long TICK_MILLIS = 10;
    /** How often open incidents are looked at for due reminders and alerts a blackout held back. */
    static final long ALERT_TICK_MILLIS = 1000;
    /** How often the TLS files are looked at for a change (rotation, a new CRL). */
    static final long TLS_CHECK_MILLIS = 2000;
    /**
     * How long a planned stop waits for the jobs already handed out to be answered (a connect is answered in
     * milliseconds; only a target that lets connects hang takes longer). A job unanswered by then is dropped with its
     * round: the next coordinator catches up the rounds due from when this one stopped scheduling, not before.
     */
    static final Duration DRAIN = Duration.ofSeconds(1);
    /** How often a standby tries the store lock: the delay of a takeover after a planned stop. */
    static final Duration LOCK_POLL = Duration.ofMillis(100);

    private final CoordinatorConfig config;
    private final Clock clock;
    private final Store store;
    private final ResultWriter results;
    private final DispatchStats stats = new DispatchStats();
    private final Dispatcher dispatcher;
    private final Scheduler scheduler;
    private final MonitorCatalog catalog;
    private final Deliverer deliverer;
    private final RoundRunner rounds;
    private final AlertServiceImpl alerts;
    private final RollupLoop rollups;
    private final SchedulerLoop loop = new SchedulerLoop();
    private final Server server;
    private final Optional<ServerTls> tls;
    private final AgentServiceImpl agents;
    private final CoordinatorLock lock;
    private final Leadership leadership;
    private final TokenService tokens;
    private final Optional<Path> initialTokenFile;
    private final CoordinatorMetrics metrics;
    private final Optional<CoordinatorHttp> http;
    private volatile boolean lostLock;

    private Coordinator(CoordinatorConfig config, Clock clock, CoordinatorLock lock, Optional<ServerTls> tls, Optional<CoordinatorHttp> http) {
        this.config = config;
        this.clock = clock;
        this.http = http;
        this.metrics = new CoordinatorMetrics(config.http().perMonitor());
        this.tls = tls;
        this.lock = lock;
        this.store = StoreFactory.open(storeConfig(config));
        try {
            this.leadership = Leadership.takeOver(store, lock, holder(config), clock, this::stepDown);
        } catch (InterruptedException e) {
            store.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking over as the active coordinator", e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        this.tokens = new TokenService(store, clock);
        try {
            this.initialTokenFile = InitialToken.ensure(tokens, config.admin().initialTokenFile(config.storeUrl()));
        } catch (RuntimeException e) {
            leadership.close();
            store.close();
            throw e;
        }
        this.results = new ResultWriter(store, ResultWriter.Settings.defaults(), metrics::batchWritten).start();
        this.rollups = new RollupLoop(store, clock, config.rollupRetention());
        this.dispatcher = new Dispatcher(leadership.epoch(), clock, config.locations(), 100_000, Duration.ofSeconds(10),
                config.heartbeatInterval().multipliedBy(2), config.heartbeatInterval().plusSeconds(1),
                ((BiConsumer<Job, Instant>) stats::pushed).andThen(metrics::pushed),
                new ResendWindow(store, clock, config.resultsRetention()), this::record);
        ChannelConfig channels = config.channels();
        Canaries canaries = new Canaries(config.canaries(), dispatcher::submit, dispatcher::newJobId, store, channels.defaultChannels(),
                this::alertsRaised, clock);
        JobFactory jobs = new JobFactory(dispatcher, this::record, metrics::probed, canaries::vet);
        this.deliverer = new Deliverer(store.outbox(clock), channels.open(clock), channels.backoff(), clock, Duration.ofSeconds(1));
        this.rounds = new RoundRunner(jobs, this::dispatch, store, channels.defaultChannels(), this::alertsRaised, clock,
                this::runRoundAt);
        this.scheduler = new Scheduler(clock, TICK_MILLIS, rounds::start);
        this.catalog = new MonitorCatalog(store, scheduler, new MonitorValidator(config.locations(), channels.channels().keySet(), config.targets()),
                config.defaultLocations(), clock, rounds::updated, rounds::deleting);
        this.agents = new AgentServiceImpl(leadership.epoch(), dispatcher, store, clock, config.heartbeatInterval(), config.targets(),
                results::whenStored);
        StatusBoard board = new StatusBoard(store, rounds::condition, rounds::skippedRounds);
        AdminServiceImpl admin = new AdminServiceImpl(catalog, dispatcher, jobs, store, board, tokens, canaries::health, results, clock);
        metrics.readAtScrape(new CoordinatorMetrics.Sources(board, dispatcher::loads, results::stored, results::failing, rounds::roundsSkipped,
                deliverer::attempts, canaries::degradedNow));
        this.alerts = new AlertServiceImpl(store, catalog, Duration.ofSeconds(1));
        this.server = GrpcServers.build(config.listenHost(), config.listenPort(), tls, agents, admin, alerts,
                AuthInterceptor.create(tokens, config.admin()));
        // Before any result can arrive: a location the last coordinator left DEGRADED is DEGRADED from the first round on.
        canaries.restore();
        // Rounds due since the store last had an active coordinator, and not stored then, run once, late. After a crash
        // that includes its last seconds; one that released its epoch had every round it handed out answered or dropped.
        leadership.gap().map(gap -> leadership.previousReleased() ? gap.from() : gap.from().minus(CATCH_UP_LOOKBACK))
                .ifPresent(from -> scheduler.catchUpSince(from, store.roundsRunSince(from)));
        int scheduled = catalog.scheduleAll();
        log.info("probe targets: targets.deny={} targets.allow={}", config.targets().deny(), config.targets().allow());
        deliverer.start();
        rollups.start();
        loop.every(TICK_MILLIS, "schedule", scheduler::tick)
                .every(ALERT_TICK_MILLIS, "alert-tick", rounds::tick)
                .every(100, "expire-jobs", dispatcher::expire)
                .every(Math.min(1000, config.heartbeatInterval().toMillis()), "drop-silent-agents", agents::dropSilentAgents)
                .every(TokenService.MAINTAIN_EVERY.toMillis(), "tokens", tokens::maintain)
                .every(TLS_CHECK_MILLIS, "reload-tls", () -> tls.ifPresent(t -> {
                    if (t.reloadIfChanged()) {
                        agents.disconnectRevoked(t::isRevoked);
                    }
                }))
                .every(config.canaries().interval().toMillis(), "canaries", () -> {
                    if (canaries.any()) {
                        canaries.runRound();
                    }
                })
                .every(Duration.ofHours(1).toMillis(), "purge-results",
                        () -> store.purgeResultsBefore(earliest(clock.instant().minus(config.resultsRetention()), rollups.rolledUpTo())));
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage(), e);
        }
        http.ifPresent(h -> {
            h.route("/metrics", new MetricsHandler(metrics.registry()));
            StatusPage.serve(h, board, store, clock);
            h.activate(tokens, this::health);
        });
        log.info("coordinator started listen={}:{} tls={} store={} locations={} monitors={} http={}",
                config.listenHost(), port(), tls.isPresent() ? "on" : "off", Redaction.url(config.storeUrl()), config.locations(), scheduled,
                http.map(h -> h.scheme() + "://" + new HostPort(config.http().listen().orElseThrow().host(),
                        h.address().getPort()) + (config.http().needsToken() ? " (read token)" : "")).orElse("off"));
        if (tls.isEmpty() && config.tls().insecurePlaintext()) {
            log.warn("insecure.plaintext=true: agents and the admin API talk plaintext, unauthenticated, on {}:{}; "
                    + "use this on an isolated network only", config.listenHost(), port());
        }
        if (tls.isEmpty() && http.isPresent() && config.http().needsToken()) {
            log.warn("insecure.plaintext=true: http.listen={} serves plain HTTP; read tokens cross the network in clear",
                    config.http().listen().orElseThrow());
        }
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static StoreConfig storeConfig(CoordinatorConfig config) {
        StoreConfig s = StoreConfig.of(config.storeUrl());
        return config.storeUser().isEmpty() ? s : s.withCredentials(config.storeUser(), config.storePassword());
    }

    /** The scheduler is made after the round runner (its sink), so the runner reaches it through here. */
    private void runRoundAt(long monitorId, Instant dueAt) {
        scheduler.runAt(monitorId, dueAt);
    }

    private void dispatch(List<Job> jobs) {
        stats.due((int) jobs.stream().filter(j -> j.kind() == ResultKind.SCHEDULED).count());
        dispatcher.submit(jobs);
    }

    private Health health() {
        if (lostLock) {
            return Health.LOST_STORE_LOCK;
        }
        return Health.serving(results.failing(), dispatcher.loads().values().stream().mapToInt(LocationLoad::agents).sum());
    }

    /** Alerts were saved: channels and gRPC subscribers look at the store now. */
    private void alertsRaised(List<Alert> raised) {
        metrics.alertsRaised(raised);
        deliverer.wake();
        alerts.alertsRaised();
    }

    /**
     * Runs a round of the monitor now, outside its schedule, exactly as a scheduled one (blackouts,
     * retries, verification, alerts). For tests that need many rounds without waiting an interval each.
     *
     * @return the verdict once the round's state and alerts are saved; empty when no round ran
     */
    public CompletableFuture<Optional<RoundVerdict>> runRoundNow(String monitorRef) {
        return rounds.runNow(catalog.find(monitorRef));
    }

    /** Hands a result to the batching writer; blocking here is the backpressure that slows agents down. */
    private void record(ProbeResult result) {
        try {
            results.submit(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("result not stored: interrupted job={} monitor={}", result.jobId(), result.monitorId());
        }
    }

    public static Coordinator start(CoordinatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a coordinator. While another coordinator is active on the same store, this one waits as
     * a hot standby (logged once) and starts when the other stops or dies.
     */
    public static Coordinator start(CoordinatorConfig config, Clock clock) {
        config.tls().requireSafeListen(config.listenHost(), config.listenPort());
        // Before waiting for the store lock: a bad certificate file should fail at once, not on takeover.
        Optional<ServerTls> tls = config.tls().enabled() ? Optional.of(ServerTls.load(config.tls())) : Optional.empty();
        // Before the lock too: a standby answers /healthz with 503, so nothing is sent its way.
        Optional<CoordinatorHttp> http = CoordinatorHttp.start(config.http(), config.tls().plaintextRule(), tls.map(ServerTls::httpsContext));
        CoordinatorLock lock;
        Server[] standby = {null};
        try {
            lock = CoordinatorLock.acquire(storeConfig(config), LOCK_POLL, () -> {
                log.warn("standby: another coordinator is active on this store; this one takes over when it stops store={}",
                        Redaction.url(config.storeUrl()));
                standby[0] = startStandby(config, tls);
            });
        } catch (InterruptedException e) {
            http.ifPresent(CoordinatorHttp::close);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to become the active coordinator", e);
        } catch (RuntimeException e) {
            http.ifPresent(CoordinatorHttp::close);
            throw e;
        } finally {
            stopStandby(standby[0]);
        }
        try {
            return new Coordinator(config, clock, lock, tls, http);
        } catch (RuntimeException e) {
            http.ifPresent(CoordinatorHttp::close);
            lock.close();
            throw e;
        }
    }

    /** The standby's port: agents and admin calls are told it is a standby (UNAVAILABLE) until it takes over. */
    private static Server startStandby(CoordinatorConfig config, Optional<ServerTls> tls) {
        Server standby = GrpcServers.standby(config.listenHost(), config.listenPort(), tls);
        try {
            return standby.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.listenHost() + ":" + config.listenPort() + ": " + e.getMessage(), e);
        }
    }

    /** Frees the port for the active coordinator's server. */
    private static void stopStandby(Server standby) {
        if (standby == null) {
            return;
        }
        standby.shutdownNow();
        try {
            standby.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops scheduling, serving and delivering alerts at once when this coordinator may no longer be the active one (see
     * {@link Leadership}): a standby may be active now, and two active coordinators would probe twice.
     * The store already refuses its writes. The process then exits (status 1): a fresh start, as a standby,
     * reads every state anew from the store instead of trusting what this one held in memory.
     */
    private void stepDown() {
        lostLock = true;
        // Null only when it happens while this coordinator is still being built.
        if (scheduler != null) {
            scheduler.halt();
        }
        if (server != null) {
            server.shutdownNow();
        }
        // The new active coordinator delivers what is left in the outbox; this one could not record a delivery.
        if (deliverer != null) {
            deliverer.close();
        }
    }

    /** Who is active, in the store's epoch row, for operators. */
    private static String holder(CoordinatorConfig config) {
        return "pid " + ProcessHandle.current().pid() + " listen " + config.listenHost() + ":" + config.listenPort();
    }

    /**
     * Reads the TLS files again now (SIGHUP) and drops agents whose certificate is now revoked;
     * a failed reload keeps the current certificates. Nothing to do without TLS.
     */
    public void reloadTls() {
        tls.ifPresent(t -> {
            if (t.reload("reload requested")) {
                agents.disconnectRevoked(t::isRevoked);
            }
        });
    }

    /** Whether this coordinator stopped serving because it lost its store lock (it should exit and start again as a standby). */
    public boolean lostLock() {
        return lostLock;
    }

    /** The port the gRPC server listens on (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** The file the first admin token's secret was written to, when this start created it (a fresh store). */
    public Optional<Path> initialTokenFile() {
        return initialTokenFile;
    }

    /** Where /metrics and /healthz are served; empty when {@code http.listen=off}. */
    public Optional<InetSocketAddress> httpAddress() {
        return http.map(CoordinatorHttp::address);
    }

    public CoordinatorConfig config() {
        return config;
    }

    public Store store() {
        return store;
    }

    public ResultWriter results() {
        return results;
    }

    public DispatchStats stats() {
        return stats;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public MonitorCatalog catalog() {
        return catalog;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * A planned stop (SIGTERM, a restart, an upgrade) that hands the store over cleanly: stops scheduling, gives the
     * jobs handed out up to {@link #DRAIN} to be answered, stores every result and acknowledges it to its agent, ends
     * the agents' streams (they go to the next coordinator address at once), and records in the store that its epoch
     * ended ({@link Leadership#release}) before it lets go of the lock: a standby then takes over without waiting out
     * the lease. After losing the lock ({@link #stepDown}) it only stops: the epoch is no longer its own.
     */
    @Override
    public void close() {
        scheduler.halt();
        loop.close();
        Instant lastActive = clock.instant();
        alerts.close();
        server.shutdown(); // no new calls; the agents' streams stay open for the answers still due
        int unanswered = lostLock ? 0 : drain();
        dispatcher.stop();
        rollups.close();
        deliverer.close();
        acknowledgeStored();
        agents.disconnectAll("coordinator shutting down; another coordinator takes over");
        awaitServer();
        results.close();
        if (!lostLock) {
            leadership.release(lastActive);
        }
        leadership.close();
        store.close();
        lock.close();
        http.ifPresent(CoordinatorHttp::close);
        log.info("coordinator stopped (jobs left unanswered: {})", unanswered);
    }

    /** @return the jobs still held by agents or waiting for one after {@link #DRAIN} */
    private int drain() {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        int pending;
        while ((pending = dispatcher.jobsPending()) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return pending;
    }

    /**
     * Stores what is queued, so that agents have it acknowledged before their streams end and send nothing again.
     * A failing store is not waited for long: the agents keep what is not acknowledged and send it to the next coordinator.
     */
    private void acknowledgeStored() {
        try {
            results.whenStored().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("results not all stored before stopping ({}); agents keep them for the next coordinator", e.toString());
        }
    }

    private void awaitServer() {
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
    }
}
