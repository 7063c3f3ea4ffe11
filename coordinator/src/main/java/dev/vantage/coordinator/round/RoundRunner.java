package dev.vantage.coordinator.round;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertDecision;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.AlertSubject;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.alert.IncidentTracker;
import dev.vantage.coordinator.alert.MonitorCondition;
import dev.vantage.coordinator.decide.Probe;
import dev.vantage.coordinator.decide.RetryPace;
import dev.vantage.coordinator.decide.RoundEvaluation;
import dev.vantage.coordinator.decide.RoundRobinState;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.JobFactory;
import dev.vantage.coordinator.schedule.DueRound;
import dev.vantage.coordinator.schedule.EarlyRounds;
import dev.vantage.coordinator.store.SavedAlertState;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each due round of each monitor from its first probes to its alerts:
 * <ol>
 *   <li>a round inside a blackout that stops probing is skipped: no probe, no result;</li>
 *   <li>{@link RoundEvaluation} asks for the round's SCHEDULED probes, then for RETRY and VERIFY
 *       probes as results come in; each is dispatched at once and every result is recorded (so
 *       history shows retries and verifications, marked as such);</li>
 *   <li>the round's verdict goes through {@link IncidentTracker}; the new state and the alerts it
 *       raised are saved in one transaction ({@link Store#saveAlertState}), then {@code onAlerts}
 *       is told (it wakes the deliverer and the gRPC subscribers);</li>
 *   <li>{@link RetryPace} says whether the monitor's next round comes sooner ({@code --retry-interval});
 *       if so {@code earlyRounds} is told.</li>
 * </ol>
 * {@link #tick()} does the same for the passing of time: reminders, and alerts a blackout held back.
 *
 * <p>Thread-safe. Results arrive on agents' threads; calls for one monitor are serialized on its
 * {@link Memory}. A monitor whose previous round has not finished skips the new one: rounds of one
 * monitor never overlap, so round-robin's turn and the error streak stay in order. Skipped rounds are
 * counted ({@link #skippedRounds}, shown by {@code vantage status}) and logged, rate-limited.
 */
public final class RoundRunner {
    private static final Logger log = LoggerFactory.getLogger(RoundRunner.class);

    private final JobFactory jobs;
    private final Consumer<List<Job>> dispatch;
    private final Store store;
    private final List<String> defaultChannels;
    private final Consumer<List<Alert>> onAlerts;
    private final Clock clock;
    private final EarlyRounds earlyRounds;
    private final Map<Long, Memory> memories = new ConcurrentHashMap<>();
    /**
     * Monitors with an open incident (of any topic): the only ones {@link #tick} has anything to do for. Ticking
     * every monitor each second was the coordinator's top CPU cost at 300,000 monitors.
     */
    private final Set<Long> withIncident = ConcurrentHashMap.newKeySet();
    private final LongAdder skippedTotal = new LongAdder();
    /** What {@link #runNow} answers for a round that did not start because the previous one still runs. */
    private static final CompletableFuture<Optional<RoundVerdict>> SKIPPED = CompletableFuture.completedFuture(Optional.empty());
    /** At most one log line per monitor this often about its skipped rounds. */
    static final Duration SKIP_LOG_EVERY = Duration.ofMinutes(1);

    /** One monitor's state between rounds, as saved; and the round in progress, if any. */
    private static final class Memory {
        SavedAlertState saved;
        Monitor monitor;
        RoundEvaluation running;
        /** Faster rounds ({@code --retry-interval}) in the current spell; see {@link RetryPace}. */
        int fasterRounds;
        /** Completed with the running round's verdict once it is saved. */
        CompletableFuture<Optional<RoundVerdict>> done;
        /** Rounds that did not run because the previous one had not finished, since start-up. */
        long skipped;
        /** Of those, the ones not logged yet; and when the last log line about them was written. */
        long skippedUnlogged;
        Instant skipLoggedAt;

        Memory(SavedAlertState saved) {
            this.saved = saved;
        }
    }

    /**
     * @param dispatch        hands jobs to the dispatcher
     * @param defaultChannels where alerts go when a monitor names no {@code --notify} channels
     * @param onAlerts        told of alerts just saved (after the transaction committed)
     * @param earlyRounds     told when a failing monitor's next round is due sooner ({@code --retry-interval})
     */
    public RoundRunner(JobFactory jobs, Consumer<List<Job>> dispatch, Store store, List<String> defaultChannels,
                       Consumer<List<Alert>> onAlerts, Clock clock, EarlyRounds earlyRounds) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.store = Objects.requireNonNull(store, "store");
        this.defaultChannels = List.copyOf(defaultChannels);
        this.onAlerts = Objects.requireNonNull(onAlerts, "onAlerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.earlyRounds = Objects.requireNonNull(earlyRounds, "earlyRounds");
        store.alertStates().forEach((id, saved) -> {
            memories.put(id, new Memory(saved));
            trackIncident(id, saved);
        });
    }

    /** Starts every round (the scheduler's sink). */
    public void start(List<DueRound> rounds) {
        List<Job> out = new ArrayList<>();
        for (DueRound round : rounds) {
            start(round, out);
        }
        dispatch.accept(out);
    }

    /**
     * Runs one round of {@code m} now, outside its schedule but exactly like a scheduled one.
     *
     * @return the round's verdict once its state and alerts are saved; empty when no round ran (a
     *         blackout stops probing, or the previous round has not finished)
     */
    public CompletableFuture<Optional<RoundVerdict>> runNow(Monitor m) {
        List<Job> out = new ArrayList<>();
        CompletableFuture<Optional<RoundVerdict>> done = start(new DueRound(m, clock.instant(), false), out);
        dispatch.accept(out);
        return done;
    }

    private CompletableFuture<Optional<RoundVerdict>> start(DueRound round, List<Job> out) {
        Monitor m = round.monitor();
        AlertPolicy policy = m.spec().policy();
        if (policy.probingStopped(round.dueAt())) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Memory memory = memory(m.id());
        RoundEvaluation evaluation;
        CompletableFuture<Optional<RoundVerdict>> done = new CompletableFuture<>();
        synchronized (memory) {
            memory.monitor = m;
            if (memory.running != null) {
                skipped(m, memory, round.dueAt());
                return SKIPPED;
            }
            RoundRobinState turn = policy.mode().probesAllLocations() ? RoundRobinState.initial() : memory.saved.roundRobin();
            evaluation = RoundEvaluation.begin(policy, m.spec().locations(), round.dueAt(), turn);
            memory.running = evaluation;
            memory.done = done;
        }
        for (Probe p : evaluation.initialProbes()) {
            // A catch-up round's first probes say so in history; retries and verifications are as in any round.
            Probe first = round.late() && p.kind() == ResultKind.SCHEDULED ? new Probe(p.location(), ResultKind.LATE) : p;
            out.add(job(m, memory, evaluation, first, round.dueAt()));
        }
        return done;
    }

    /**
     * Counts a round that did not run (shown by {@code vantage status}) and logs it: one line per
     * monitor at most every {@link #SKIP_LOG_EVERY}, with the count since the last line, so a monitor
     * whose rounds never fit logs once a minute, not once a round. Caller holds the memory's lock.
     */
    private void skipped(Monitor m, Memory memory, Instant dueAt) {
        skippedTotal.increment();
        memory.skipped++;
        memory.skippedUnlogged++;
        Instant now = clock.instant();
        if (memory.skipLoggedAt == null || !now.isBefore(memory.skipLoggedAt.plus(SKIP_LOG_EVERY))) {
            log.warn("rounds skipped: the previous round had not finished monitor={} name={} skipped={} total={} last_due={}"
                    + " interval={} timeout={}", m.id(), m.name(), memory.skippedUnlogged, memory.skipped, dueAt,
                    Durations.format(m.spec().interval()), Durations.format(m.spec().timeout()));
            memory.skippedUnlogged = 0;
            memory.skipLoggedAt = now;
        }
    }

    /** Rounds of {@code monitorId} that did not run because the previous one had not finished, since start-up. */
    public long skippedRounds(long monitorId) {
        Memory memory = memories.get(monitorId);
        if (memory == null) {
            return 0;
        }
        synchronized (memory) {
            return memory.skipped;
        }
    }

    private Job job(Monitor m, Memory memory, RoundEvaluation evaluation, Probe p, Instant dueAt) {
        return jobs.forRound(m, p.location(), p.kind(), dueAt, result -> accept(m, memory, evaluation, result));
    }

    private void accept(Monitor m, Memory memory, RoundEvaluation evaluation, ProbeResult result) {
        List<Probe> next;
        boolean complete;
        synchronized (memory) {
            if (memory.running != evaluation) {
                return;
            }
            next = evaluation.accept(result);
            complete = evaluation.isComplete();
        }
        if (!next.isEmpty()) {
            Instant now = clock.instant();
            dispatch.accept(next.stream().map(p -> job(m, memory, evaluation, p, now)).toList());
            return;
        }
        if (complete) {
            finish(m, memory, evaluation);
        }
    }

    private void finish(Monitor m, Memory memory, RoundEvaluation evaluation) {
        List<Alert> written;
        RoundVerdict verdict;
        CompletableFuture<Optional<RoundVerdict>> done;
        RetryPace.Pace pace;
        synchronized (memory) {
            if (memory.running != evaluation) {
                return;
            }
            memory.running = null;
            done = memory.done;
            verdict = evaluation.verdict();
            RoundRobinState turn = m.spec().policy().mode().probesAllLocations()
                    ? memory.saved.roundRobin() : evaluation.nextRoundRobinState();
            AlertDecision d = IncidentTracker.onVerdict(subject(m), memory.saved.alert(), verdict, m.spec().policy(), clock.instant());
            log.debug("round done monitor={} due={} verdict={} state={}", m.id(), verdict.dueAt(), verdict.verdict(), d.state().state());
            pace = RetryPace.after(m.spec().policy(), verdict, d.state().incident().isPresent(), memory.fasterRounds);
            memory.fasterRounds = pace.fasterSoFar();
            try {
                written = save(m, memory, new SavedAlertState(d.state(), turn), d.alerts());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                throw e;
            }
        }
        pace.nextRound().ifPresent(at -> earlyRounds.runAt(m.id(), at));
        announce(written);
        done.complete(Optional.of(verdict));
    }

    /**
     * Lets time pass for every monitor with an open incident: a due reminder, or an OPEN that a
     * blackout held back, goes out now. Paused monitors send nothing.
     */
    public void tick() {
        for (Long id : withIncident) {
            Memory memory = memories.get(id);
            if (memory == null) {
                withIncident.remove(id);
                continue;
            }
            List<Alert> written;
            synchronized (memory) {
                if (!hasIncident(memory.saved)) {
                    continue;
                }
                if (memory.monitor == null) {
                    Optional<Monitor> found = store.findMonitor(id);
                    if (found.isEmpty()) {
                        memories.remove(id, memory);
                        withIncident.remove(id);
                        continue;
                    }
                    memory.monitor = found.get();
                }
                Monitor m = memory.monitor;
                if (m.paused()) {
                    continue;
                }
                AlertDecision d = IncidentTracker.onTick(subject(m), memory.saved.alert(), m.spec().policy(), clock.instant());
                written = save(m, memory, new SavedAlertState(d.state(), memory.saved.roundRobin()), d.alerts());
            }
            announce(written);
        }
    }

    /** Scheduled rounds skipped since start-up, all monitors together, because the previous round had not finished. */
    public long roundsSkipped() {
        return skippedTotal.sum();
    }

    /**
     * The latest definition of a monitor (after an update or pause), so ticks use its current policy
     * and its next round its current rule. Pausing ends its open incident ({@link ClearReason#PAUSED}).
     */
    public void updated(Monitor m) {
        Memory memory = memories.get(m.id());
        if (memory == null) {
            return;
        }
        List<Alert> written = List.of();
        synchronized (memory) {
            memory.monitor = m;
            if (m.paused()) {
                written = end(m, memory, ClearReason.PAUSED);
            }
        }
        announce(written);
    }

    /**
     * The monitor is about to be deleted: its open incident ends ({@link ClearReason#DELETED}) while
     * its rows still exist, and nothing is remembered of it any more.
     */
    public void deleting(Monitor m) {
        Memory memory = memories.get(m.id());
        if (memory == null) {
            return;
        }
        List<Alert> written;
        synchronized (memory) {
            written = end(m, memory, ClearReason.DELETED);
            memories.remove(m.id(), memory);
        }
        announce(written);
    }

    /**
     * Drops the round in progress (its results are still recorded, but decide nothing) and ends the
     * open incident. Caller holds the memory's lock.
     */
    private List<Alert> end(Monitor m, Memory memory, ClearReason reason) {
        if (memory.running != null) {
            memory.running = null;
            memory.done.complete(Optional.empty());
        }
        AlertDecision d = IncidentTracker.onEnd(subject(m), memory.saved.alert(), m.spec().policy(), reason, clock.instant());
        if (d.alerts().isEmpty() && !hasIncident(memory.saved)) {
            return List.of();
        }
        return save(m, memory, new SavedAlertState(d.state(), memory.saved.roundRobin()), d.alerts());
    }

    /** What {@code status} shows for the monitor now (PAUSED is the caller's business). */
    public MonitorCondition condition(Monitor m) {
        Memory memory = memories.get(m.id());
        SavedAlertState saved;
        if (memory == null) {
            saved = SavedAlertState.initial();
        } else {
            synchronized (memory) {
                saved = memory.saved;
            }
        }
        return IncidentTracker.condition(saved.alert(), m.spec().policy(), clock.instant());
    }

    /** Saves when something changed; caller holds the memory's lock. */
    private List<Alert> save(Monitor m, Memory memory, SavedAlertState next, List<AlertIntent> alerts) {
        if (alerts.isEmpty() && next.equals(memory.saved)) {
            return List.of();
        }
        List<AlertIntent> addressed = alerts.stream()
                .map(a -> new AlertIntent(a.alert(), a.logOnly() ? List.of() : a.recipients().isEmpty() ? defaultChannels : a.recipients()))
                .toList();
        List<Alert> written = store.saveAlertState(m.id(), next, addressed, clock.instant());
        memory.saved = next;
        trackIncident(m.id(), next);
        for (Alert a : written) {
            log.info("alert raised monitor={} incident={} topic={} kind={} sequence={}", a.monitorId(), a.incidentId(), a.topic().label(),
                    a.kind().label(), a.sequence());
        }
        return written;
    }

    private void announce(List<Alert> written) {
        if (!written.isEmpty()) {
            onAlerts.accept(written);
        }
    }

    /** An outage, REGIONAL, slow-connect or FLAPPING incident is open: something may fall due with time. */
    private static boolean hasIncident(SavedAlertState state) {
        return state.alert().incident().isPresent() || state.alert().signals().anyIncident();
    }

    private void trackIncident(long monitorId, SavedAlertState state) {
        if (hasIncident(state)) {
            withIncident.add(monitorId);
        } else {
            withIncident.remove(monitorId);
        }
    }

    private Memory memory(long monitorId) {
        return memories.computeIfAbsent(monitorId, id -> new Memory(SavedAlertState.initial()));
    }

    private static AlertSubject subject(Monitor m) {
        return new AlertSubject(m.id(), m.name(), m.spec().host(), m.spec().port());
    }
}
