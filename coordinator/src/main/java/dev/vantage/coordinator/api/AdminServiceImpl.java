package dev.vantage.coordinator.api;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.time.Durations;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.text.Display;
import dev.vantage.common.input.Limits;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.alert.MonitorCondition;
import dev.vantage.coordinator.auth.Caller;
import dev.vantage.coordinator.auth.DuplicateTokenException;
import dev.vantage.coordinator.auth.NewToken;
import dev.vantage.coordinator.auth.Role;
import dev.vantage.coordinator.auth.Token;
import dev.vantage.coordinator.auth.TokenService;
import dev.vantage.coordinator.dispatch.AgentSession;
import dev.vantage.coordinator.dispatch.Dispatcher;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.JobFactory;
import dev.vantage.coordinator.monitor.ApplyEntry;
import dev.vantage.coordinator.monitor.ApplyOutcome;
import dev.vantage.coordinator.monitor.ApplyResult;
import dev.vantage.coordinator.monitor.DesiredMonitor;
import dev.vantage.coordinator.monitor.MonitorCatalog;
import dev.vantage.coordinator.monitor.MonitorNotFoundException;
import dev.vantage.coordinator.monitor.MonitorPatch;
import dev.vantage.coordinator.status.MonitorStatus;
import dev.vantage.coordinator.status.StatusBoard;
import dev.vantage.coordinator.store.ResultWriter;
import dev.vantage.coordinator.store.DuplicateNameException;
import dev.vantage.coordinator.store.ResultQuery;
import dev.vantage.coordinator.store.Store;
import dev.vantage.proto.v1.AdminServiceGrpc;
import dev.vantage.proto.v1.ApplyMonitorsRequest;
import dev.vantage.proto.v1.ApplyMonitorsResponse;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.CreateTokenRequest;
import dev.vantage.proto.v1.CreateTokenResponse;
import dev.vantage.proto.v1.DeleteMonitorResponse;
import dev.vantage.proto.v1.GetStatusRequest;
import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.proto.v1.ListLocationsRequest;
import dev.vantage.proto.v1.ListLocationsResponse;
import dev.vantage.proto.v1.ListMonitorsRequest;
import dev.vantage.proto.v1.ListMonitorsResponse;
import dev.vantage.proto.v1.GetReportRequest;
import dev.vantage.proto.v1.GetReportResponse;
import dev.vantage.proto.v1.ListResultsRequest;
import dev.vantage.proto.v1.ListResultsResponse;
import dev.vantage.proto.v1.ListTokensRequest;
import dev.vantage.proto.v1.ListTokensResponse;
import dev.vantage.proto.v1.LocationInfo;
import dev.vantage.coordinator.location.LocationHealth;
import dev.vantage.proto.v1.MonitorRef;
import dev.vantage.proto.v1.PolicySettings;
import dev.vantage.proto.v1.RevokeTokenRequest;
import dev.vantage.proto.v1.RevokeTokenResponse;
import dev.vantage.proto.v1.SetPausedRequest;
import dev.vantage.proto.v1.UpdateMonitorRequest;
import dev.vantage.coordinator.report.Reports;
import dev.vantage.coordinator.store.CoordinatorGap;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API: translates vantage.v1 requests to catalog, dispatcher and store calls, nothing more. */
public final class AdminServiceImpl extends AdminServiceGrpc.AdminServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(AdminServiceImpl.class);
    private static final int DEFAULT_RESULT_LIMIT = 100;
    /** The longest period a report covers: 30 days with a day to spare for "since a month ago". */
    private static final Duration MAX_REPORT_PERIOD = Duration.ofDays(401);

    private final MonitorCatalog catalog;
    private final Reports reports;
    private final Dispatcher dispatcher;
    private final JobFactory jobs;
    private final Store store;
    private final StatusBoard statusBoard;
    private final TokenService tokens;
    private final Clock clock;
    /** Each location's health from its canaries, for {@code locations}. */
    private final Function<String, LocationHealth> health;
    private final ResultWriter results;

    /** @param results tells {@code status} and {@code locations} whether results reach the store */
    public AdminServiceImpl(MonitorCatalog catalog, Dispatcher dispatcher, JobFactory jobs, Store store, StatusBoard statusBoard,
                            TokenService tokens, Function<String, LocationHealth> health, ResultWriter results, Clock clock) {
        this.health = health;
        this.results = results;
        this.catalog = catalog;
        this.dispatcher = dispatcher;
        this.jobs = jobs;
        this.store = store;
        this.statusBoard = statusBoard;
        this.tokens = tokens;
        this.clock = clock;
        this.reports = new Reports(store);
    }

    @Override
    public void createMonitor(CreateMonitorRequest r, StreamObserver<dev.vantage.proto.v1.Monitor> out) {
        unary(out, () -> {
            Monitor m = catalog.create(spec(r));
            audit("CreateMonitor", m);
            return ProtoMapping.toProto(m);
        });
    }

    /** Unset policy fields take their defaults; empty locations are the catalog's to fill in. */
    private static MonitorSpec spec(CreateMonitorRequest r) {
        return new MonitorSpec(r.getName(), r.getHost(), r.getPort(),
                Duration.ofMillis(r.getIntervalMs()), Duration.ofMillis(r.getTimeoutMs()), r.getLocationsList(),
                PolicyMapping.apply(r.getPolicy(), AlertPolicy.defaults()));
    }

    @Override
    public void applyMonitors(ApplyMonitorsRequest r, StreamObserver<ApplyMonitorsResponse> out) {
        unary(out, () -> {
            List<ApplyEntry> entries = r.getMonitorsList().stream()
                    .map(d -> new ApplyEntry(d.getMonitor().getName(), () -> new DesiredMonitor(spec(d.getMonitor()), d.getPaused())))
                    .toList();
            ApplyResult result = catalog.apply(entries, r.getPrune(), Set.copyOf(r.getKeepList()), r.getDryRun());
            ApplyMonitorsResponse.Builder b = ApplyMonitorsResponse.newBuilder().setApplied(result.applied());
            int[] counts = new int[ApplyOutcome.Action.values().length];
            for (ApplyOutcome o : result.outcomes()) {
                counts[o.action().ordinal()]++;
                b.addOutcomes(ProtoMapping.toProto(o));
            }
            log.info("admin call=ApplyMonitors token={} entries={} dry_run={} prune={} applied={} created={} updated={} deleted={}"
                            + " unchanged={} invalid={}", Caller.name(), entries.size(), r.getDryRun(), r.getPrune(), result.applied(),
                    counts[ApplyOutcome.Action.CREATE.ordinal()], counts[ApplyOutcome.Action.UPDATE.ordinal()],
                    counts[ApplyOutcome.Action.DELETE.ordinal()], counts[ApplyOutcome.Action.UNCHANGED.ordinal()],
                    counts[ApplyOutcome.Action.INVALID.ordinal()]);
            return b.build();
        });
    }

    @Override
    public void updateMonitor(UpdateMonitorRequest r, StreamObserver<dev.vantage.proto.v1.Monitor> out) {
        MonitorPatch patch = new MonitorPatch(
                r.hasName() ? Optional.of(r.getName()) : Optional.empty(),
                r.hasHost() ? Optional.of(r.getHost()) : Optional.empty(),
                r.hasPort() ? Optional.of(r.getPort()) : Optional.empty(),
                r.hasIntervalMs() ? Optional.of(Duration.ofMillis(r.getIntervalMs())) : Optional.empty(),
                r.hasTimeoutMs() ? Optional.of(Duration.ofMillis(r.getTimeoutMs())) : Optional.empty(),
                r.hasLocations() ? Optional.of(r.getLocations().getNamesList()) : Optional.empty(),
                policy -> PolicyMapping.apply(r.getPolicy(), policy));
        unary(out, () -> {
            if (!onlyBlackouts(r)) {
                Caller.require(Role.ADMIN, "UpdateMonitor (changing more than blackouts)");
            }
            Monitor m = catalog.update(r.getMonitor().getRef(), patch);
            audit("UpdateMonitor", m);
            return ProtoMapping.toProto(m);
        });
    }

    @Override
    public void getMonitor(MonitorRef r, StreamObserver<dev.vantage.proto.v1.Monitor> out) {
        unary(out, () -> ProtoMapping.toProto(catalog.find(r.getRef())));
    }

    @Override
    public void listMonitors(ListMonitorsRequest r, StreamObserver<ListMonitorsResponse> out) {
        unary(out, () -> ListMonitorsResponse.newBuilder()
                .addAllMonitors(catalog.list().stream().map(ProtoMapping::toProto).toList()).build());
    }

    @Override
    public void deleteMonitor(MonitorRef r, StreamObserver<DeleteMonitorResponse> out) {
        unary(out, () -> {
            Monitor m = catalog.delete(r.getRef());
            audit("DeleteMonitor", m);
            return DeleteMonitorResponse.newBuilder().setDeleted(ProtoMapping.toProto(m)).build();
        });
    }

    @Override
    public void setPaused(SetPausedRequest r, StreamObserver<dev.vantage.proto.v1.Monitor> out) {
        unary(out, () -> {
            Monitor m = catalog.setPaused(r.getMonitor().getRef(), r.getPaused());
            log.info("admin call=SetPaused token={} monitor={} id={} paused={}", Caller.name(), m.name(), m.id(), m.paused());
            return ProtoMapping.toProto(m);
        });
    }

    @Override
    public void testMonitor(MonitorRef r, StreamObserver<dev.vantage.proto.v1.ProbeResult> out) {
        Monitor m;
        try {
            m = catalog.find(r.getRef());
        } catch (RuntimeException e) {
            out.onError(toStatus(e).asRuntimeException());
            return;
        }
        audit("TestMonitor", m);
        AtomicInteger remaining = new AtomicInteger(m.spec().locations().size());
        List<Job> test = jobs.onDemand(m, clock.instant(), result -> {
            synchronized (out) {
                out.onNext(ProtoMapping.toProto(result, m));
                if (remaining.decrementAndGet() == 0) {
                    out.onCompleted();
                }
            }
        });
        dispatcher.submit(test);
    }

    @Override
    public void getStatus(GetStatusRequest r, StreamObserver<GetStatusResponse> out) {
        unary(out, () -> {
            GetStatusResponse.Builder b = GetStatusResponse.newBuilder().setStore(ProtoMapping.toProto(results));
            for (MonitorStatus s : statusBoard.all()) {
                MonitorCondition c = s.condition();
                b.addMonitorsBuilder()
                        .setMonitor(ProtoMapping.toProto(s.monitor()))
                        .setState(ProtoMapping.toProto(s.state()))
                        .addAllLastResults(s.lastResults().stream().map(x -> ProtoMapping.toProto(x, s.monitor())).toList())
                        .setSinceUnixMs(c.since().map(Instant::toEpochMilli).orElse(0L))
                        .addAllFailingLocations(c.failing().stream().map(ProtoMapping::toProto).toList())
                        .setIncidentId(c.incidentId().orElse(""))
                        .setBlackoutUntilUnixMs(c.blackoutUntil().map(Instant::toEpochMilli).orElse(0L))
                        .setRoundsSkipped(s.roundsSkipped())
                        .addAllSlowLocations(c.slow().stream().map(ProtoMapping::toProto).toList());
            }
            return b.build();
        });
    }

    @Override
    public void listResults(ListResultsRequest r, StreamObserver<ListResultsResponse> out) {
        unary(out, () -> {
            Limits.length("location", r.getLocation(), Limits.LOCATION);
            // uint32 on the wire: a value above 2^31 arrives negative.
            if (r.getLimit() < 0 || r.getLimit() > Limits.RESULT_LIMIT) {
                throw new ValidationException("limit", Integer.toUnsignedString(r.getLimit()) + " is more than the limit of "
                        + Limits.RESULT_LIMIT + "; narrow the query with --since or --location instead");
            }
            Monitor m = catalog.find(r.getMonitor().getRef());
            if (!r.getLocation().isEmpty() && !m.spec().locations().contains(r.getLocation())) {
                throw new ValidationException("location", "monitor '" + m.name() + "' does not probe from " + Display.quote(r.getLocation())
                        + "; its locations are " + String.join(", ", m.spec().locations()));
            }
            int limit = r.getLimit() == 0 ? DEFAULT_RESULT_LIMIT : r.getLimit();
            List<ProbeResult> results = store.results(new ResultQuery(m.id(),
                    r.getLocation().isEmpty() ? Optional.empty() : Optional.of(r.getLocation()),
                    r.getSinceUnixMs() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(r.getSinceUnixMs())),
                    limit));
            Instant from = r.getSinceUnixMs() != 0 ? Instant.ofEpochMilli(r.getSinceUnixMs())
                    : results.size() < limit ? Instant.EPOCH : results.get(results.size() - 1).outcome().startedAt();
            List<CoordinatorGap> gaps = store.gaps(from, clock.instant()).stream().filter(g -> g.countsFor(m.spec().interval())).toList();
            return ListResultsResponse.newBuilder()
                    .addAllResults(results.stream().map(x -> ProtoMapping.toProto(x, m)).toList())
                    .addAllGaps(gaps.stream().map(ProtoMapping::toProto).toList()).build();
        });
    }

    @Override
    public void getReport(GetReportRequest r, StreamObserver<GetReportResponse> out) {
        unary(out, () -> {
            Instant now = clock.instant();
            Instant since = Instant.ofEpochMilli(r.getSinceUnixMs());
            if (r.getSinceUnixMs() <= 0 || !since.isBefore(now) || since.isBefore(now.minus(MAX_REPORT_PERIOD))) {
                throw new ValidationException("period", "must be more than 0 and at most " + Durations.format(MAX_REPORT_PERIOD)
                        + " back from now, got since " + since);
            }
            if (r.getAll() == r.hasMonitor()) {
                throw new ValidationException("monitor", "give either a monitor's name or id, or all, not " + (r.getAll() ? "both" : "neither"));
            }
            List<Monitor> monitors = r.getAll() ? catalog.list() : List.of(catalog.find(r.getMonitor().getRef()));
            GetReportResponse.Builder b = GetReportResponse.newBuilder();
            monitors.forEach(m -> b.addReports(ProtoMapping.toProto(reports.of(m, since, now))));
            return b.build();
        });
    }

    @Override
    public void listLocations(ListLocationsRequest r, StreamObserver<ListLocationsResponse> out) {
        unary(out, () -> {
            ListLocationsResponse.Builder b = ListLocationsResponse.newBuilder().setStore(ProtoMapping.toProto(results));
            dispatcher.agentsByLocation().forEach((name, agents) -> {
                LocationInfo.Builder loc = b.addLocationsBuilder().setName(name);
                ProtoMapping.health(loc, health.apply(name));
                for (AgentSession a : agents) {
                    loc.addAgents(ProtoMapping.toProto(a));
                }
            });
            return b.build();
        });
    }

    @Override
    public void createToken(CreateTokenRequest r, StreamObserver<CreateTokenResponse> out) {
        unary(out, () -> {
            NewToken made = tokens.create(r.getName(), Role.parse(r.getRole()));
            log.info("admin call=CreateToken token={} name={} role={}", Caller.name(), made.token().name(), made.token().role().word());
            return CreateTokenResponse.newBuilder().setToken(toProto(made.token())).setSecret(made.secret()).build();
        });
    }

    @Override
    public void listTokens(ListTokensRequest r, StreamObserver<ListTokensResponse> out) {
        unary(out, () -> ListTokensResponse.newBuilder().addAllTokens(tokens.list().stream().map(AdminServiceImpl::toProto).toList()).build());
    }

    @Override
    public void revokeToken(RevokeTokenRequest r, StreamObserver<RevokeTokenResponse> out) {
        unary(out, () -> {
            Token revoked = tokens.revoke(r.getName());
            log.info("admin call=RevokeToken token={} name={} role={}", Caller.name(), revoked.name(), revoked.role().word());
            return RevokeTokenResponse.newBuilder().setRevoked(toProto(revoked)).build();
        });
    }

    private static dev.vantage.proto.v1.Token toProto(Token t) {
        return dev.vantage.proto.v1.Token.newBuilder()
                .setName(t.name())
                .setRole(t.role().word())
                .setCreatedAtUnixMs(t.createdAt().toEpochMilli())
                .setLastUsedAtUnixMs(t.lastUsedAt().map(Instant::toEpochMilli).orElse(0L))
                .build();
    }

    /** Whether an update asks for nothing but new blackouts (what role operate may do). */
    private static boolean onlyBlackouts(UpdateMonitorRequest r) {
        UpdateMonitorRequest blackoutsOnly = UpdateMonitorRequest.newBuilder()
                .setMonitor(r.getMonitor())
                .setPolicy(PolicySettings.newBuilder().setBlackouts(r.getPolicy().getBlackouts()))
                .build();
        return r.equals(blackoutsOnly) || r.equals(blackoutsOnly.toBuilder().clearPolicy().build());
    }

    /** The audit line of a change: which token did what to which monitor. */
    private static void audit(String call, Monitor m) {
        log.info("admin call={} token={} monitor={} id={}", call, Caller.name(), m.name(), m.id());
    }

    static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            out.onError(toStatus(e).asRuntimeException());
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    static Status toStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException refused) {
            return refused.getStatus();
        }
        if (e instanceof DuplicateNameException || e instanceof DuplicateTokenException) {
            return Status.ALREADY_EXISTS.withDescription(e.getMessage());
        }
        if (e instanceof ValidationException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage());
        }
        if (e instanceof MonitorNotFoundException || e instanceof NoSuchElementException) {
            return Status.NOT_FOUND.withDescription(e.getMessage());
        }
        log.error("admin call failed", e);
        return Status.INTERNAL.withDescription("internal error: " + Display.bounded(e.getMessage(), Display.QUOTE_LIMIT)
                + " (see the coordinator log)");
    }
}
