package dev.vantage.coordinator.decide;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One round of one monitor, from its first probes to its {@link RoundVerdict}. Pure: no clock, no
 * I/O; the caller dispatches the {@link Probe}s it asks for and feeds every result back.
 *
 * <pre>{@code
 * RoundEvaluation round = RoundEvaluation.begin(policy, locations, dueAt, rrState);
 * dispatch(round.initialProbes());             // SCHEDULED jobs
 * // for each result of those jobs, and of the jobs asked for later:
 * dispatch(round.accept(result));              // RETRY / VERIFY jobs, possibly none
 * if (round.isComplete()) { RoundVerdict v = round.verdict(); rrState = round.nextRoundRobinState(); }
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>a failed probe (status 1) is retried once from the same location at once when the policy
 *       has the local retry; if the retry connects, the location connected this round;</li>
 *   <li>in {@code global-verify}, and for the home location in {@code primary}, a failure that
 *       survives the retry is re-tested once from another location of the monitor that has not
 *       failed this round (each location verifies at most once per round; its answer serves every
 *       failure that asks). Verify connects: the failure does not count (WARNING). Verify fails, or
 *       no other location can verify (all failed, have no agent, or there is none): it counts;</li>
 *   <li>"no agent available" is neither success nor failure; a location's retry that finds no agent
 *       leaves the original failure standing; a verification that finds no agent is tried from the
 *       next location; a round where no location answered is UNKNOWN;</li>
 *   <li>"location unhealthy" (the location's canaries fail) takes the location out of the round, as
 *       if it had no agent, even when it comes for a retry: its earlier failure does not count either;</li>
 *   <li>{@code sla N}: ERROR when at least N (or all answering) locations failed after their retries;
 *       fewer failures are a WARNING;</li>
 *   <li>{@code round-robin}: only the location in turn probes; when it has no agent the next one
 *       in turn probes instead. A failure is an ERROR only when the previous answering round failed
 *       at another location; alone it is a WARNING;</li>
 *   <li>a location that connected slower than {@code --warn-connect-time} is listed as slow; that
 *       changes nothing in the verdict (a slow connect is never a failure).</li>
 * </ul>
 *
 * <p>Not thread-safe: results arrive on several threads, so the caller serializes calls per round.
 */
public final class RoundEvaluation {
    private enum Stage { PENDING, RETRYING, CONNECTED, FAILED, NO_AGENT }

    private enum Check { NONE, PENDING, CONNECTED, FAILED, NO_AGENT }

    private static final class Loc {
        Stage stage = Stage.PENDING;
        /** The location's latest failing result. */
        ProbeResult failure;
        /** The result that connected, once the location connected. */
        ProbeResult connection;
        /** For a FAILED location that needs verifying: null until resolved. */
        Boolean confirmed;
        boolean needsVerify;
        /** This location's own VERIFY probe (for other locations' failures). */
        Check verify = Check.NONE;
        final List<String> waitingOnVerify = new ArrayList<>();
    }

    private final AlertPolicy policy;
    private final List<String> locations;
    private final Instant dueAt;
    private final RoundRobinState roundRobin;
    private final Map<String, Loc> byLocation = new LinkedHashMap<>();
    /** Locations probing for the round (all of them, or round-robin's turn and any stand-ins). */
    private final List<String> roundLocations = new ArrayList<>();

    private RoundEvaluation(AlertPolicy policy, List<String> locations, Instant dueAt, RoundRobinState roundRobin) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.locations = List.copyOf(locations);
        this.dueAt = Objects.requireNonNull(dueAt, "dueAt");
        this.roundRobin = Objects.requireNonNull(roundRobin, "roundRobin");
        if (this.locations.isEmpty()) {
            throw new IllegalArgumentException("a round needs at least one location");
        }
        for (String l : this.locations) {
            byLocation.put(l, new Loc());
        }
        if (policy.mode().probesAllLocations()) {
            roundLocations.addAll(this.locations);
        } else {
            roundLocations.add(roundRobin.turn(this.locations));
        }
    }

    /**
     * Starts a round.
     *
     * @param locations  the monitor's locations, in their configured order
     * @param roundRobin the state the previous round left (see {@link #nextRoundRobinState()});
     *                   {@link RoundRobinState#initial()} for other modes or the first round
     */
    public static RoundEvaluation begin(AlertPolicy policy, List<String> locations, Instant dueAt, RoundRobinState roundRobin) {
        return new RoundEvaluation(policy, locations, dueAt, roundRobin);
    }

    /** Starts a round of a mode that is not round-robin. */
    public static RoundEvaluation begin(AlertPolicy policy, List<String> locations, Instant dueAt) {
        return begin(policy, locations, dueAt, RoundRobinState.initial());
    }

    /** The round's SCHEDULED probes: every location, or the one whose turn it is in round-robin. */
    public List<Probe> initialProbes() {
        return roundLocations.stream().map(l -> new Probe(l, ResultKind.SCHEDULED)).toList();
    }

    /**
     * Takes the result of one of the probes this round asked for.
     *
     * @return the probes to run now because of it (a retry, a verification, a round-robin stand-in), often none
     * @throws IllegalStateException when the round did not ask for such a result
     */
    public List<Probe> accept(ProbeResult result) {
        Loc loc = byLocation.get(result.location());
        if (loc == null) {
            throw unexpected(result, "the location is not one of the monitor's");
        }
        StatusCode status = result.outcome().status();
        List<Probe> next = new ArrayList<>();
        switch (result.kind()) {
            case SCHEDULED, LATE -> {
                if (loc.stage != Stage.PENDING || !roundLocations.contains(result.location())) {
                    throw unexpected(result, "no scheduled probe is outstanding there");
                }
                if (status == StatusCode.OK) {
                    loc.stage = Stage.CONNECTED;
                    loc.connection = result;
                } else if (!status.isTargetVerdict()) {
                    loc.stage = Stage.NO_AGENT;
                    standIn().ifPresent(next::add);
                } else if (policy.localRetry()) {
                    loc.stage = Stage.RETRYING;
                    loc.failure = result;
                    next.add(new Probe(result.location(), ResultKind.RETRY));
                } else {
                    loc.failure = result;
                    failed(result.location(), next);
                }
            }
            case RETRY -> {
                if (loc.stage != Stage.RETRYING) {
                    throw unexpected(result, "no retry is outstanding there");
                }
                if (status == StatusCode.OK) {
                    loc.stage = Stage.CONNECTED;
                    loc.connection = result;
                } else if (status == StatusCode.LOCATION_UNHEALTHY) {
                    loc.stage = Stage.NO_AGENT;
                } else {
                    if (status == StatusCode.TCP_CONNECTION_FAILED) {
                        loc.failure = result;
                    }
                    failed(result.location(), next);
                }
            }
            case VERIFY -> {
                if (loc.verify != Check.PENDING) {
                    throw unexpected(result, "no verification is outstanding there");
                }
                loc.verify = switch (status) {
                    case OK -> Check.CONNECTED;
                    case TCP_CONNECTION_FAILED -> Check.FAILED;
                    case NO_AGENT_AVAILABLE, LOCATION_UNHEALTHY -> Check.NO_AGENT;
                };
                List<String> waiting = List.copyOf(loc.waitingOnVerify);
                loc.waitingOnVerify.clear();
                for (String failedLocation : waiting) {
                    verify(failedLocation, next);
                }
            }
            default -> throw unexpected(result, "rounds do not run " + result.kind() + " probes");
        }
        return next;
    }

    /** A location's failure stands (after its retry, if any). */
    private void failed(String location, List<Probe> next) {
        Loc loc = byLocation.get(location);
        loc.stage = Stage.FAILED;
        MonitoringMode mode = policy.mode();
        loc.needsVerify = mode.verifiesFailures()
                && (!(mode instanceof MonitoringMode.Primary p) || p.homeLocation().equals(location));
        if (loc.needsVerify) {
            verify(location, next);
        }
    }

    /** Finds (or reuses) a verification for a failed location, or confirms it when none is possible. */
    private void verify(String failedLocation, List<Probe> next) {
        Loc failed = byLocation.get(failedLocation);
        int start = locations.indexOf(failedLocation);
        for (int i = 1; i < locations.size(); i++) {
            String candidate = locations.get((start + i) % locations.size());
            Loc c = byLocation.get(candidate);
            boolean unfit = c.stage == Stage.RETRYING || c.stage == Stage.FAILED || c.stage == Stage.NO_AGENT
                    || c.verify == Check.NO_AGENT;
            if (unfit) {
                continue;
            }
            switch (c.verify) {
                case CONNECTED -> failed.confirmed = false;
                case FAILED -> failed.confirmed = true;
                case PENDING -> c.waitingOnVerify.add(failedLocation);
                default -> {
                    c.verify = Check.PENDING;
                    c.waitingOnVerify.add(failedLocation);
                    next.add(new Probe(candidate, ResultKind.VERIFY));
                }
            }
            return;
        }
        failed.confirmed = true;
    }

    /** Round-robin: the next location in turn that has not probed this round, when the one in turn had no agent. */
    private Optional<Probe> standIn() {
        if (policy.mode().probesAllLocations()) {
            return Optional.empty();
        }
        int start = roundRobin.turnIndex(locations);
        for (int i = 1; i < locations.size(); i++) {
            String candidate = locations.get((start + i) % locations.size());
            if (!roundLocations.contains(candidate)) {
                roundLocations.add(candidate);
                return Optional.of(new Probe(candidate, ResultKind.SCHEDULED));
            }
        }
        return Optional.empty();
    }

    /** Every probe asked for has answered and every failure that needed verifying is decided. */
    public boolean isComplete() {
        for (String l : roundLocations) {
            Loc loc = byLocation.get(l);
            if (loc.stage == Stage.PENDING || loc.stage == Stage.RETRYING) {
                return false;
            }
            if (loc.stage == Stage.FAILED && loc.needsVerify && loc.confirmed == null) {
                return false;
            }
        }
        return byLocation.values().stream().noneMatch(l -> l.verify == Check.PENDING);
    }

    /** @throws IllegalStateException before {@link #isComplete()} */
    public RoundVerdict verdict() {
        requireComplete();
        List<String> connected = roundLocations.stream().filter(l -> byLocation.get(l).stage == Stage.CONNECTED).toList();
        List<SlowConnect> slow = new ArrayList<>();
        for (String l : connected) {
            ProbeOutcome o = byLocation.get(l).connection.outcome();
            if (policy.signals().isSlow(o.connectNanos())) {
                slow.add(new SlowConnect(l, Duration.ofNanos(o.connectNanos()), o.startedAt()));
            }
        }
        return failureVerdict().withConnected(connected, slow);
    }

    private RoundVerdict failureVerdict() {
        List<String> answered = roundLocations.stream()
                .filter(l -> byLocation.get(l).stage == Stage.CONNECTED || byLocation.get(l).stage == Stage.FAILED)
                .toList();
        if (answered.isEmpty()) {
            return RoundVerdict.unknown(dueAt);
        }
        List<String> failedLocations = answered.stream().filter(l -> byLocation.get(l).stage == Stage.FAILED).toList();
        List<LocationFailure> counted = new ArrayList<>();
        List<LocationFailure> notCounted = new ArrayList<>();
        MonitoringMode mode = policy.mode();
        for (String l : failedLocations) {
            boolean counts;
            if (mode instanceof MonitoringMode.Sla sla) {
                counts = failedLocations.size() >= sla.threshold(answered.size());
            } else if (mode instanceof MonitoringMode.RoundRobin) {
                counts = roundRobin.lastFailedLocation().filter(previous -> !previous.equals(l)).isPresent();
            } else if (mode instanceof MonitoringMode.GlobalNotify) {
                counts = true;
            } else {
                Loc loc = byLocation.get(l);
                counts = loc.needsVerify && Boolean.TRUE.equals(loc.confirmed);
            }
            (counts ? counted : notCounted).add(failureOf(l));
        }
        if (!counted.isEmpty()) {
            return new RoundVerdict(Verdict.ERROR, dueAt, counted, notCounted);
        }
        return notCounted.isEmpty() ? RoundVerdict.ok(dueAt) : RoundVerdict.warning(dueAt, notCounted);
    }

    /**
     * The round-robin state for the next round: the turn moves past the location that answered (or
     * the last one tried), and the failure is remembered; a round where no location answered keeps
     * the remembered failure.
     *
     * @throws IllegalStateException before {@link #isComplete()}
     */
    public RoundRobinState nextRoundRobinState() {
        requireComplete();
        String last = roundLocations.get(roundLocations.size() - 1);
        int next = (locations.indexOf(last) + 1) % locations.size();
        Stage stage = byLocation.get(last).stage;
        Optional<String> lastFailed = switch (stage) {
            case FAILED -> Optional.of(last);
            case CONNECTED -> Optional.empty();
            default -> roundRobin.lastFailedLocation();
        };
        return new RoundRobinState(next, lastFailed);
    }

    private LocationFailure failureOf(String location) {
        ProbeResult r = byLocation.get(location).failure;
        return new LocationFailure(location, r.outcome().reason(), r.outcome().startedAt());
    }

    private void requireComplete() {
        if (!isComplete()) {
            throw new IllegalStateException("the round due at " + dueAt + " still waits for results");
        }
    }

    private IllegalStateException unexpected(ProbeResult r, String why) {
        return new IllegalStateException("unexpected " + r.kind() + " result from " + r.location() + " for monitor "
                + r.monitorId() + " (job " + r.jobId() + ", round due at " + dueAt + "): " + why);
    }
}
