package dev.vantage.coordinator.round;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.BlackoutEffect;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.dispatch.Dispatcher;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.JobFactory;
import dev.vantage.coordinator.schedule.DueRound;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round runner with a real store and a clock the test moves, agents played by a dispatcher
 * stand-in that answers each job at once as the test says each location sees the target. Many
 * rounds and minutes of reminders run in milliseconds; the store is the real one, so what a
 * restart finds is what was saved.
 */
class RoundRunnerTest {
    enum Target { UP, DOWN, FLAKY, NO_AGENT }

    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final List<String> LOCATIONS = List.of("ams", "fra");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(START);
    private final Map<String, Target> targets = new HashMap<>();
    private final List<ProbeResult> history = new CopyOnWriteArrayList<>();
    private final List<Alert> raised = new CopyOnWriteArrayList<>();
    private Store store;
    private RoundRunner runner;
    /** Agents that take jobs and do not answer yet: the jobs wait in {@link #held}. */
    private boolean holdJobs;
    private final List<Job> held = new CopyOnWriteArrayList<>();
    /** The due times the runner asked the scheduler for ({@code --retry-interval}). */
    private final List<Instant> earlyRounds = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")));
        runner = newRunner();
        LOCATIONS.forEach(l -> targets.put(l, Target.UP));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A runner as a (re)started coordinator makes it: its memory comes from the store. */
    private RoundRunner newRunner() {
        Dispatcher ids = new Dispatcher(1, clock, Set.copyOf(LOCATIONS), 10, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10),
                (j, t) -> { }, (location, monitor, due) -> false, r -> { });
        JobFactory jobs = new JobFactory(ids, history::add);
        return new RoundRunner(jobs, this::answer, store, List.of("hook"), raised::addAll, clock, (id, at) -> earlyRounds.add(at));
    }

    private void answer(List<Job> jobs) {
        if (holdJobs) {
            held.addAll(jobs);
            return;
        }
        for (Job j : jobs) {
            Instant at = clock.instant();
            Target t = targets.get(j.location());
            ProbeOutcome outcome = switch (t) {
                case UP -> ProbeOutcome.connected(1_000_000, "192.0.2.1:5432", at);
                case DOWN -> ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.1:5432", at, "refused");
                case FLAKY -> j.kind() == ResultKind.SCHEDULED
                        ? ProbeOutcome.failed(FailureReason.TIMED_OUT, "192.0.2.1:5432", at, "timed out")
                        : ProbeOutcome.connected(1_000_000, "192.0.2.1:5432", at);
                case NO_AGENT -> ProbeOutcome.noAgent(at, "no agent of location " + j.location());
            };
            j.onResult().accept(new ProbeResult(j.jobId(), j.monitorId(), j.location(), t == Target.NO_AGENT ? "" : "agent-" + j.location(),
                    j.kind(), j.dueAt(), outcome));
        }
    }

    private Monitor monitor(AlertPolicy policy) {
        return store.createMonitor(new MonitorSpec("shop-db", "db.example.com", 5432, INTERVAL, Duration.ofSeconds(5), LOCATIONS, policy),
                clock.instant());
    }

    /** One round, everywhere as {@code t}; then the clock moves on by the interval. */
    private Optional<RoundVerdict> round(Monitor m, Target t) {
        LOCATIONS.forEach(l -> targets.put(l, t));
        Optional<RoundVerdict> v = runner.runNow(m).join();
        clock.advance(INTERVAL);
        return v;
    }

    private List<AlertKind> kinds() {
        return raised.stream().map(Alert::kind).toList();
    }

    @Test
    void aTransientFailureTheLocalRetryDoesNotConfirmRaisesNoAlertAndHistoryKeepsBothResults() {
        Monitor m = monitor(AlertPolicy.defaults());
        targets.put("ams", Target.FLAKY);

        Optional<RoundVerdict> v = runner.runNow(m).join();

        assertThat(v).hasValueSatisfying(r -> assertThat(r.verdict()).isEqualTo(Verdict.OK));
        assertThat(history).extracting(r -> r.location() + " " + r.kind() + " " + r.outcome().status().code())
                .containsExactlyInAnyOrder("ams SCHEDULED 1", "ams RETRY 0", "fra SCHEDULED 0");
        assertThat(raised).isEmpty();
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.UP);
    }

    @Test
    void startNotifyThreeAlertsAfterTheThirdErrorRoundOnly() {
        Monitor m = monitor(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withStartNotify(3)));

        round(m, Target.DOWN);
        round(m, Target.DOWN);
        assertThat(raised).isEmpty();
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.WARNING);

        round(m, Target.DOWN);
        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        assertThat(raised.get(0).firstFailureAt()).isEqualTo(START);
        assertThat(store.alertsAfter(0, 10)).containsExactlyElementsOf(raised);
    }

    @Test
    void stopNotifyTwoRemindEveryMinuteSendsOpenAndOneReminderThenSilenceUntilClear() {
        Monitor m = monitor(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withReminders(2, Duration.ofMinutes(1))));

        targets.replaceAll((l, t) -> Target.DOWN);
        runner.runNow(m).join();                      // OPEN at 12:00
        clock.advance(Duration.ofSeconds(59));
        runner.tick();
        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        clock.advance(Duration.ofSeconds(1));         // a minute after the OPEN
        runner.tick();
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.REMINDER);
        for (int i = 0; i < 10; i++) {
            round(m, Target.DOWN);
            runner.tick();
        }
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.REMINDER);

        round(m, Target.UP);

        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.REMINDER, AlertKind.CLEAR);
        assertThat(raised).extracting(Alert::incidentId).containsOnly(raised.get(0).incidentId());
        assertThat(raised.get(2).outage()).isPresent();
        assertThat(store.outbox(clock).heads("hook", 10)).singleElement()
                .satisfies(d -> assertThat(d.alert().kind()).isEqualTo(AlertKind.OPEN)); // the oldest of the monitor first
    }

    @Test
    void aRestartDuringAnOpenIncidentSendsNoSecondOpenAndStillClears() {
        Monitor m = monitor(AlertPolicy.defaults());
        round(m, Target.DOWN);
        assertThat(kinds()).containsExactly(AlertKind.OPEN);

        runner = newRunner();                        // the coordinator restarts
        round(m, Target.DOWN);
        runner.tick();
        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.DOWN);

        round(m, Target.UP);
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        assertThat(raised.get(1).incidentId()).isEqualTo(raised.get(0).incidentId());
    }

    @Test
    void anAlertOnlyBlackoutHoldsTheOpenBackAndAlertsWhenItEndsIfStillDown() {
        Instant end = START.plus(Duration.ofMinutes(10));
        Monitor m = monitor(AlertPolicy.defaults().withBlackouts(List.of(new Blackout.OneOff(START, end, BlackoutEffect.STOP_ALERTING))));

        for (int i = 0; i < 5; i++) {
            round(m, Target.DOWN);
            runner.tick();
        }
        assertThat(raised).isEmpty();
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.DOWN);
        assertThat(history).isNotEmpty();                                  // it probes all along

        clock.advance(Duration.between(clock.instant(), end));
        runner.tick();

        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        assertThat(raised.get(0).raisedAt()).isEqualTo(end);
        assertThat(raised.get(0).firstFailureAt()).isEqualTo(START);
    }

    @Test
    void anOutageThatEndsInsideAnAlertOnlyBlackoutIsNeverAlerted() {
        Monitor m = monitor(AlertPolicy.defaults().withBlackouts(List.of(
                new Blackout.OneOff(START, START.plus(Duration.ofMinutes(10)), BlackoutEffect.STOP_ALERTING))));

        round(m, Target.DOWN);
        round(m, Target.UP);
        clock.advance(Duration.ofMinutes(20));
        runner.tick();

        assertThat(raised).isEmpty();
    }

    @Test
    void aProbingBlackoutRecordsNoProbesAndShowsBlackout() {
        Monitor m = monitor(AlertPolicy.defaults().withBlackouts(List.of(Blackout.parse("weekly "
                + START.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().name().substring(0, 3).toLowerCase() + " 11:00-13:00 UTC stop-probing"))));

        assertThat(round(m, Target.DOWN)).isEmpty();

        assertThat(history).isEmpty();
        assertThat(raised).isEmpty();
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.BLACKOUT);
    }

    @Test
    void locationsWithoutAgentsMakeTheMonitorUnknownNotDown() {
        Monitor m = monitor(AlertPolicy.defaults().withMode(new MonitoringMode.GlobalNotify()));

        round(m, Target.NO_AGENT);
        round(m, Target.NO_AGENT);

        assertThat(raised).isEmpty();
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.UNKNOWN);
        assertThat(history).allSatisfy(r -> assertThat(r.outcome().reason()).isEqualTo(FailureReason.NO_AGENT));
    }

    @Test
    void roundRobinAlertsOnlyWhenTwoLocationsInARowFail() {
        Monitor m = monitor(AlertPolicy.defaults().withMode(new MonitoringMode.RoundRobin()));
        targets.put("ams", Target.DOWN);
        targets.put("fra", Target.UP);

        for (int i = 0; i < 6; i++) {
            runner.runNow(m).join();
            clock.advance(INTERVAL);
        }
        assertThat(raised).isEmpty();
        assertThat(history).filteredOn(r -> r.kind() == ResultKind.SCHEDULED).extracting(ProbeResult::location)
                .containsExactly("ams", "fra", "ams", "fra", "ams", "fra");

        round(m, Target.DOWN);   // ams fails
        round(m, Target.DOWN);   // fra fails right after: two in a row

        assertThat(kinds()).containsExactly(AlertKind.OPEN);
    }

    // --- the schedule keeps its promise; incidents always end --------------------------------------

    @Test
    void aRoundDueWhileTheMonitorsPreviousRoundStillRunsIsSkippedAndCounted() {
        Monitor m = monitor(AlertPolicy.defaults());
        holdJobs = true;

        runner.start(List.of(new DueRound(m, clock.instant(), false)));
        clock.advance(INTERVAL);
        runner.start(List.of(new DueRound(m, clock.instant(), false)));
        clock.advance(INTERVAL);
        runner.start(List.of(new DueRound(m, clock.instant(), false)));

        assertThat(runner.skippedRounds(m.id())).isEqualTo(2);
        assertThat(runner.roundsSkipped()).as("all monitors together (vantage_rounds_skipped_total)").isEqualTo(2);
        assertThat(held).hasSize(2);
        holdJobs = false;
        answer(held);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.UP);
        runner.start(List.of(new DueRound(m, clock.instant(), false)));
        assertThat(runner.skippedRounds(m.id())).isEqualTo(2);
    }

    @Test
    void withoutNotifyOnClearRecoveryClosesTheIncidentWithNoDeliveryAndTheNextOutageOpensANewOne() {
        Monitor m = monitor(AlertPolicy.defaults().withMode(new MonitoringMode.GlobalNotify())
                .withNotifyRules(NotifyRules.defaults().withNotifyOnClear(false)));
        round(m, Target.DOWN);
        String first = runner.condition(m).incidentId().orElseThrow();
        acknowledgeAll();

        round(m, Target.UP);

        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        assertThat(raised.get(1).clearReason()).contains(ClearReason.RECOVERED);
        assertThat(store.outbox(clock).heads("hook", 10)).isEmpty();
        assertThat(runner.condition(m).incidentId()).isEmpty();

        round(m, Target.DOWN);

        String second = runner.condition(m).incidentId().orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(store.outbox(clock).heads("hook", 10)).singleElement()
                .satisfies(d -> assertThat(d.alert().kind()).isEqualTo(AlertKind.OPEN));
    }

    @Test
    void pausingAMonitorWithAnOpenIncidentClearsItOnceWithReasonPausedAndAResumedOutageOpensANewOne() {
        Monitor m = monitor(AlertPolicy.defaults());
        round(m, Target.DOWN);
        String first = runner.condition(m).incidentId().orElseThrow();
        acknowledgeAll();

        Monitor paused = store.setPaused(m.id(), true, clock.instant());
        runner.updated(paused);
        runner.updated(paused);

        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        assertThat(raised.get(1).incidentId()).isEqualTo(first);
        assertThat(raised.get(1).clearReason()).contains(ClearReason.PAUSED);
        assertThat(store.outbox(clock).heads("hook", 10)).singleElement()
                .satisfies(d -> assertThat(d.alert().clearReason()).contains(ClearReason.PAUSED));

        Monitor resumed = store.setPaused(m.id(), false, clock.instant());
        runner.updated(resumed);
        assertThat(kinds()).hasSize(2);
        round(resumed, Target.DOWN);

        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR, AlertKind.OPEN);
        assertThat(raised.get(2).incidentId()).isNotEqualTo(first);
    }

    @Test
    void deletingAMonitorWithAnOpenIncidentClearsItOnceWithReasonDeleted() {
        Monitor m = monitor(AlertPolicy.defaults());
        round(m, Target.DOWN);
        String id = runner.condition(m).incidentId().orElseThrow();

        runner.deleting(m);
        store.deleteMonitor(m.id());

        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        assertThat(raised.get(1).incidentId()).isEqualTo(id);
        assertThat(raised.get(1).clearReason()).contains(ClearReason.DELETED);
        assertThat(store.recentAlerts(Optional.of(m.id()), 10)).extracting(a -> a.kind() + " " + a.clearReason().map(ClearReason::label).orElse(""))
                .containsExactly("CLEAR deleted", "OPEN ");
        runner.tick();
        assertThat(kinds()).hasSize(2);
    }

    @Test
    void aSlaModeChangeReDecidesTheOpenIncidentAtTheNextRoundAndClearsIt() {
        Monitor m = monitor(AlertPolicy.defaults().withMode(new MonitoringMode.GlobalNotify()));
        targets.put("ams", Target.DOWN);
        runner.runNow(m).join();
        clock.advance(INTERVAL);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.DOWN);

        Monitor sla = store.updateMonitor(m.id(), m.spec().withPolicy(m.spec().policy().withMode(MonitoringMode.Sla.atLeast(2))),
                clock.instant());
        runner.updated(sla);
        Optional<RoundVerdict> v = runner.runNow(sla).join();

        assertThat(v).hasValueSatisfying(r -> assertThat(r.verdict()).isEqualTo(Verdict.WARNING));
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        assertThat(raised.get(1).clearReason()).contains(ClearReason.RECOVERED);
        assertThat(runner.condition(sla).state()).isEqualTo(MonitorState.WARNING);
        assertThat(runner.condition(sla).failing()).extracting(f -> f.location() + " " + f.at())
                .containsExactly("ams " + clock.instant());
    }

    @Test
    void alertWhenThreeOfFiveOpensAtTheThirdErrorRoundInTheWindowAndSurvivesARestart() {
        Monitor m = monitor(AlertPolicy.defaults().withAlertWhen(Optional.of(AlertWindow.parse("3 of 5"))));

        round(m, Target.DOWN);
        round(m, Target.UP);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.UP);
        round(m, Target.DOWN);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.WARNING);
        runner = newRunner();                        // the window is saved with the alert state
        round(m, Target.UP);
        assertThat(raised).isEmpty();

        round(m, Target.DOWN);                       // the third error among the latest five rounds

        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        assertThat(raised.get(0).firstFailureAt()).isEqualTo(START);
        assertThat(runner.condition(m).state()).isEqualTo(MonitorState.DOWN);
    }

    /** The local retry decides first: a probe that connects on its retry makes no error round for the window. */
    @Test
    void alertWhenCountsOnlyRoundsThatFailAfterTheLocalRetry() {
        Monitor m = monitor(AlertPolicy.defaults().withAlertWhen(Optional.of(AlertWindow.parse("2 of 3")))
                .withMode(new MonitoringMode.GlobalNotify()));

        round(m, Target.DOWN);
        round(m, Target.FLAKY);
        round(m, Target.FLAKY);
        round(m, Target.DOWN);
        assertThat(raised).isEmpty();
        assertThat(history).filteredOn(r -> r.kind() == ResultKind.RETRY).hasSize(8);

        round(m, Target.DOWN);
        assertThat(kinds()).containsExactly(AlertKind.OPEN);
    }

    @Test
    void anIncidentThatClearsEmptiesTheWindowSoTheNextOutageCountsAfresh() {
        Monitor m = monitor(AlertPolicy.defaults().withAlertWhen(Optional.of(AlertWindow.parse("2 of 4"))));
        round(m, Target.DOWN);
        round(m, Target.DOWN);
        round(m, Target.UP);
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);

        round(m, Target.DOWN);
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR);
        round(m, Target.DOWN);
        assertThat(kinds()).containsExactly(AlertKind.OPEN, AlertKind.CLEAR, AlertKind.OPEN);
    }

    @Test
    void retryIntervalBringsRoundsForwardWhileFailingAndStopsWhenTheIncidentOpens() {
        Monitor m = monitor(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withStartNotify(3))
                .withRetryInterval(Optional.of(Duration.ofSeconds(15))));

        round(m, Target.UP);
        assertThat(earlyRounds).isEmpty();
        targets.replaceAll((l, t) -> Target.DOWN);
        Instant first = clock.instant();
        runner.runNow(m).join();                     // the first error round asks for the next at +15s
        clock.advance(Duration.ofSeconds(15));
        runner.runNow(m).join();                     // the second, for +30s
        clock.advance(Duration.ofSeconds(15));
        runner.runNow(m).join();                     // the third opens the incident: back to the beat
        clock.advance(Duration.ofSeconds(60));
        runner.runNow(m).join();

        assertThat(kinds()).containsExactly(AlertKind.OPEN);
        assertThat(earlyRounds).containsExactly(first.plusSeconds(15), first.plusSeconds(30));
    }

    private void acknowledgeAll() {
        store.outbox(clock).heads("hook", 100).forEach(d -> store.outbox(clock).acknowledge(d.id()));
    }
}
