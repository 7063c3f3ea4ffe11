package dev.vantage.coordinator.store;

import static dev.vantage.coordinator.store.StoreFixtures.T0;
import static dev.vantage.coordinator.store.StoreFixtures.connected;
import static dev.vantage.coordinator.store.StoreFixtures.refused;
import static dev.vantage.coordinator.store.StoreFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.SignalRules;
import dev.vantage.coordinator.alert.AlertSubject;
import dev.vantage.coordinator.alert.IncidentTracker;
import dev.vantage.coordinator.alert.SignalState;
import dev.vantage.coordinator.decide.ErrorWindow;
import dev.vantage.coordinator.decide.FlapWatch;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.SlowConnect;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.Delivery;
import dev.vantage.coordinator.alert.MonitorAlertState;
import dev.vantage.coordinator.alert.Outbox;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.RoundRobinState;
import dev.vantage.coordinator.testing.ReportScenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Store} must do; one subclass per database, each starting from an empty store. */
abstract class StoreContractTest {
    protected Store store;

    /** Opens an empty store. */
    protected abstract Store openEmptyStore();

    @BeforeEach
    void open() {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void createdMonitorIsFoundByIdAndName() {
        Monitor created = store.createMonitor(spec("db-primary", "nyc", "fra", "sgp"), T0);

        assertThat(created.id()).isPositive();
        assertThat(created.paused()).isFalse();
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(store.findMonitor(created.id())).contains(created);
        assertThat(store.findMonitorByName("db-primary")).contains(created);
        assertThat(store.findMonitor(created.id()).orElseThrow().spec().locations()).containsExactly("nyc", "fra", "sgp");
        assertThat(store.findMonitor(created.id() + 1000)).isEmpty();
        assertThat(store.findMonitorByName("nope")).isEmpty();
    }

    @Test
    void anAgentIdStaysBoundToTheFirstCertificateSubjectThatUsedIt() {
        assertThat(store.bindAgentCertificate("eu-west-1", "CN=agent-eu-west,O=Vantage", T0)).isEqualTo("CN=agent-eu-west,O=Vantage");

        assertThat(store.bindAgentCertificate("eu-west-1", "CN=impostor,O=Vantage", T0)).isEqualTo("CN=agent-eu-west,O=Vantage");
        assertThat(store.bindAgentCertificate("eu-west-1", "CN=agent-eu-west,O=Vantage", T0)).isEqualTo("CN=agent-eu-west,O=Vantage");
        assertThat(store.bindAgentCertificate("eu-west-2", "CN=impostor,O=Vantage", T0)).isEqualTo("CN=impostor,O=Vantage");
    }

    @Test
    void listsEveryMonitorById() {
        Monitor a = store.createMonitor(spec("a", "fra"), T0);
        Monitor b = store.createMonitor(spec("b", "nyc", "fra"), T0);
        Monitor c = store.createMonitor(spec("c", "sgp"), T0);

        assertThat(store.listMonitors()).containsExactly(a, b, c);
    }

    @Test
    void updateReplacesTheDefinitionAndKeepsCreationTime() {
        Monitor created = store.createMonitor(spec("web", "fra", "nyc"), T0);
        var newSpec = new dev.vantage.common.model.MonitorSpec("web-2", "198.51.100.7", 443, Duration.ofSeconds(30),
                Duration.ofSeconds(3), List.of("sgp", "fra"));

        Monitor updated = store.updateMonitor(created.id(), newSpec, T0.plusSeconds(60));

        assertThat(updated.spec()).isEqualTo(newSpec);
        assertThat(updated.createdAt()).isEqualTo(T0);
        assertThat(updated.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(store.findMonitor(created.id())).contains(updated);
        assertThat(store.findMonitorByName("web")).isEmpty();
    }

    @Test
    void alertWhenAndRetryIntervalAreStoredAndReadBack() {
        var policy = AlertPolicy.defaults()
                .withAlertWhen(Optional.of(AlertWindow.parse("2m in 10m")))
                .withRetryInterval(Optional.of(Duration.ofSeconds(15)));
        Monitor created = store.createMonitor(spec("web", "fra", "nyc").withPolicy(policy), T0);

        assertThat(store.findMonitor(created.id()).orElseThrow().spec().policy()).isEqualTo(policy);
        var counted = policy.withAlertWhen(Optional.of(AlertWindow.parse("3 of 5")))
                .withRetryInterval(Optional.empty());
        store.updateMonitor(created.id(), created.spec().withPolicy(counted), T0.plusSeconds(1));
        assertThat(store.findMonitor(created.id()).orElseThrow().spec().policy()).isEqualTo(counted);
    }

    @Test
    void updatingOrPausingAMissingMonitorSaysSo() {
        assertThatThrownBy(() -> store.updateMonitor(999, spec("x"), T0))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("999");
        assertThatThrownBy(() -> store.setPaused(999, true, T0))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("999");
    }

    @Test
    void pauseAndResumeAreStored() {
        Monitor created = store.createMonitor(spec("web"), T0);

        Monitor paused = store.setPaused(created.id(), true, T0.plusSeconds(1));
        assertThat(paused.paused()).isTrue();
        assertThat(store.findMonitor(created.id()).orElseThrow().paused()).isTrue();

        Monitor resumed = store.setPaused(created.id(), false, T0.plusSeconds(2));
        assertThat(store.findMonitor(created.id())).contains(resumed);
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void applyCreatesReplacesAndDeletesTogether() {
        Monitor kept = store.createMonitor(spec("kept", "fra"), T0);
        Monitor changed = store.createMonitor(spec("changed", "fra"), T0);
        Monitor gone = store.createMonitor(spec("gone", "fra"), T0);

        List<Monitor> written = store.applyMonitors(List.of(
                new MonitorWrite(changed.id(), spec("changed", "nyc", "sgp"), true),
                new MonitorWrite(0, spec("new", "sgp"), true)), List.of(gone.id()), T0.plusSeconds(5));

        assertThat(written).hasSize(2);
        assertThat(written.get(0).id()).isEqualTo(changed.id());
        assertThat(written.get(0).spec().locations()).containsExactly("nyc", "sgp");
        assertThat(written.get(0).paused()).isTrue();
        assertThat(written.get(0).createdAt()).isEqualTo(T0);
        assertThat(written.get(1).paused()).isTrue();
        assertThat(store.listMonitors()).containsExactly(kept, written.get(0), written.get(1));
    }

    @Test
    void findsMonitorsByNameSkippingUnknownNames() {
        Monitor a = store.createMonitor(spec("a", "fra"), T0);
        store.createMonitor(spec("b", "fra"), T0);
        Monitor c = store.createMonitor(spec("c", "nyc", "sgp"), T0);

        assertThat(store.findMonitorsByName(List.of("c", "nope", "a"))).containsExactly(a, c);
        assertThat(store.findMonitorsByName(List.of())).isEmpty();
    }

    @Test
    void applyIsAllOrNone() {
        Monitor gone = store.createMonitor(spec("gone", "fra"), T0);
        store.createMonitor(spec("taken", "fra"), T0);
        List<Monitor> before = store.listMonitors();

        assertThatThrownBy(() -> store.applyMonitors(List.of(
                new MonitorWrite(0, spec("fresh", "sgp"), false),
                new MonitorWrite(0, spec("taken", "sgp"), false)), List.of(gone.id()), T0))
                .isInstanceOf(DuplicateNameException.class).hasMessageContaining("'taken'");

        assertThat(store.listMonitors()).isEqualTo(before);
    }

    @Test
    void creatingATakenNameIsRefusedWithTheName() {
        store.createMonitor(spec("web"), T0);

        assertThatThrownBy(() -> store.createMonitor(spec("web", "sgp"), T0))
                .isInstanceOf(DuplicateNameException.class)
                .hasMessageContaining("'web' already exists");
        assertThat(store.listMonitors()).hasSize(1);
    }

    @Test
    void renamingToATakenNameIsRefusedAndChangesNothing() {
        store.createMonitor(spec("web"), T0);
        Monitor db = store.createMonitor(spec("db"), T0);

        assertThatThrownBy(() -> store.updateMonitor(db.id(), spec("web", "sgp"), T0.plusSeconds(1)))
                .isInstanceOf(DuplicateNameException.class);
        assertThat(store.findMonitor(db.id())).contains(db);
    }

    @Test
    void racingCreatorsOfOneNameGetOneMonitorAndDuplicateErrors() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Monitor>> attempts = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                attempts.add(pool.submit((Callable<Monitor>) () -> {
                    start.await();
                    return store.createMonitor(spec("contested"), T0);
                }));
            }
            start.countDown();
            int created = 0;
            int duplicates = 0;
            for (Future<Monitor> attempt : attempts) {
                try {
                    attempt.get();
                    created++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateNameException.class);
                    duplicates++;
                }
            }
            assertThat(created).isEqualTo(1);
            assertThat(duplicates).isEqualTo(racers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void historyIsNewestFirstAndFiltersByLocationSinceAndLimit() {
        long id = store.createMonitor(spec("web", "fra", "nyc"), T0).id();
        List<ProbeResult> inserted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inserted.add(connected(id, "fra", T0.plusSeconds(60L * i)));
            inserted.add(refused(id, "nyc", T0.plusSeconds(60L * i + 1)));
        }

        assertThat(store.insertResults(inserted)).isEqualTo(10);

        List<ProbeResult> all = store.results(ResultQuery.newest(id, 100));
        assertThat(all).hasSize(10);
        assertThat(all.get(0)).isEqualTo(inserted.get(9));
        assertThat(all).isSortedAccordingTo((a, b) -> b.outcome().startedAt().compareTo(a.outcome().startedAt()));

        assertThat(store.results(ResultQuery.newest(id, 3)))
                .containsExactly(inserted.get(9), inserted.get(8), inserted.get(7));
        assertThat(store.results(ResultQuery.newest(id, 100).from("fra")))
                .containsExactly(inserted.get(8), inserted.get(6), inserted.get(4), inserted.get(2), inserted.get(0));
        assertThat(store.results(ResultQuery.newest(id, 100).from("nyc").since(T0.plusSeconds(181))))
                .containsExactly(inserted.get(9), inserted.get(7));
        assertThat(store.results(ResultQuery.newest(id, 100).from("sgp"))).isEmpty();
    }

    @Test
    void aResultSentAgainIsStoredOnceEvenWithAnotherJobIdAndInTheSameBatch() {
        long id = store.createMonitor(spec("web", "fra"), T0).id();
        ProbeResult first = connected(id, "fra", T0);
        ProbeResult resent = new ProbeResult(first.jobId() + 1_000_000, id, "fra", first.agentId(), first.kind(), first.dueAt(),
                ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.10:5432", T0.plusMillis(5), "connection refused"));

        assertThat(store.insertResults(List.of(first))).isEqualTo(1);
        assertThat(store.insertResults(List.of(first, resent))).isZero();
        assertThat(store.insertResults(List.of(connected(id, "fra", T0.plusSeconds(60)), first))).isEqualTo(1);

        assertThat(store.results(ResultQuery.newest(id, 10))).containsExactly(connected(id, "fra", T0.plusSeconds(60)), first);
    }

    @Test
    void anAgentsLateRealResultReplacesTheNoAgentResultOfItsJobButNotTheOtherWayRound() {
        long id = store.createMonitor(spec("web", "fra"), T0).id();
        ProbeResult real = connected(id, "fra", T0);
        ProbeResult gaveUp = new ProbeResult(real.jobId(), id, "fra", "", real.kind(), real.dueAt(),
                ProbeOutcome.noAgent(T0.plusSeconds(15), "agent agent-fra did not report the result in time"));

        store.insertResults(List.of(gaveUp));
        assertThat(store.insertResults(List.of(real))).isEqualTo(1);
        assertThat(store.insertResults(List.of(gaveUp))).isZero();

        assertThat(store.results(ResultQuery.newest(id, 10))).containsExactly(real);
    }

    @Test
    void resultsOfOtherMonitorsStayApart() {
        long web = store.createMonitor(spec("web"), T0).id();
        long db = store.createMonitor(spec("db"), T0).id();
        store.insertResults(List.of(connected(web, "fra", T0), refused(db, "fra", T0)));

        assertThat(store.results(ResultQuery.newest(web, 10))).containsExactly(connected(web, "fra", T0));
    }

    @Test
    void latestResultsHoldTheNewestPerMonitorAndLocation() {
        long web = store.createMonitor(spec("web", "fra", "nyc"), T0).id();
        long db = store.createMonitor(spec("db", "fra"), T0).id();
        store.insertResults(List.of(
                connected(web, "fra", T0),
                refused(web, "fra", T0.plusSeconds(60)),
                connected(web, "nyc", T0.plusSeconds(30)),
                connected(db, "fra", T0.plusSeconds(10))));
        // a late arrival that started earlier must not replace the newer one
        store.insertResults(List.of(connected(web, "fra", T0.plusSeconds(30)), connected(web, "nyc", T0.plusSeconds(90))));

        assertThat(store.latestResults()).containsExactly(
                refused(web, "fra", T0.plusSeconds(60)),
                connected(web, "nyc", T0.plusSeconds(90)),
                connected(db, "fra", T0.plusSeconds(10)));
    }

    @Test
    void removingALocationDropsItsLatestResult() {
        Monitor web = store.createMonitor(spec("web", "fra", "nyc"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0), connected(web.id(), "nyc", T0)));

        store.updateMonitor(web.id(), spec("web", "nyc"), T0.plusSeconds(1));

        assertThat(store.latestResults()).containsExactly(connected(web.id(), "nyc", T0));
        assertThat(store.results(ResultQuery.newest(web.id(), 10))).hasSize(2);
    }

    @Test
    void deletingAMonitorDeletesItsResults() {
        Monitor web = store.createMonitor(spec("web"), T0);
        long db = store.createMonitor(spec("db"), T0).id();
        store.insertResults(List.of(connected(web.id(), "fra", T0), connected(db, "fra", T0)));

        assertThat(store.deleteMonitor(web.id())).contains(web);

        assertThat(store.findMonitor(web.id())).isEmpty();
        assertThat(store.results(ResultQuery.newest(web.id(), 10))).isEmpty();
        assertThat(store.latestResults()).containsExactly(connected(db, "fra", T0));
        assertThat(store.deleteMonitor(web.id())).isEmpty();
        // the name is free again
        assertThat(store.createMonitor(spec("web"), T0).id()).isNotEqualTo(web.id());
    }

    @Test
    void resultsOfADeletedMonitorAreSkippedNotFatal() {
        long web = store.createMonitor(spec("web"), T0).id();
        long gone = store.createMonitor(spec("gone"), T0).id();
        store.deleteMonitor(gone);

        int stored = store.insertResults(List.of(connected(gone, "fra", T0), connected(web, "fra", T0)));

        assertThat(stored).isEqualTo(1);
        assertThat(store.latestResults()).containsExactly(connected(web, "fra", T0));
    }

    @Test
    void purgeDeletesOnlyOlderResultsInChunksAndKeepsLatest() {
        long web = store.createMonitor(spec("web", "fra"), T0).id();
        List<ProbeResult> results = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            results.add(connected(web, "fra", T0.plusSeconds(i)));
        }
        store.insertResults(results);

        int purged = store.purgeResultsBefore(T0.plusSeconds(20));

        assertThat(purged).isEqualTo(20);
        assertThat(store.results(ResultQuery.newest(web, 100))).hasSize(3);
        assertThat(store.purgeResultsBefore(T0.plusSeconds(20))).isZero();
        assertThat(store.purgeResultsBefore(T0.plusSeconds(100))).isEqualTo(3);
        assertThat(store.latestResults()).containsExactly(connected(web, "fra", T0.plusSeconds(22)));
    }

    @Test
    void writerStoresEverythingSubmittedFromSeveralThreads() throws Exception {
        long web = store.createMonitor(spec("web", "fra", "nyc", "sgp"), T0).id();
        int threads = 4;
        int perThread = 2_500;
        try (ResultWriter writer = new ResultWriter(store, ResultWriter.Settings.defaults().withCapacity(500, 200)).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String location = List.of("fra", "nyc", "sgp", "fra").get(t);
                    int offset = t * perThread;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < perThread; i++) {
                            writer.submit(connected(web, location, T0.plusMillis(offset + i)));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            writer.flush();

            assertThat(writer.stored()).isEqualTo(threads * perThread);
            assertThat(writer.batchesWritten()).isBetween((long) threads * perThread / 200, (long) threads * perThread);
            assertThat(store.results(ResultQuery.newest(web, 20_000))).hasSize(threads * perThread);
        }
    }

    // --- alert policy, alert state, alert log and outbox --------------------------------------

    @Test
    void policyIsStoredWithTheMonitorAndReadBackEqual() {
        AlertPolicy policy = new AlertPolicy(MonitoringMode.Sla.atLeast(2), false,
                new NotifyRules(3, 2, Optional.of(Duration.ofMinutes(1)), false, List.of("ops-hook", "oncall")),
                List.of(Blackout.parse("weekly sat,sun 02:00-04:00 UTC stop-alerting"),
                        Blackout.parse("once 2026-12-01T00:00:00Z/2026-12-01T01:00:00Z stop-probing")));
        Monitor created = store.createMonitor(spec("web", "fra", "nyc").withPolicy(policy), T0);

        assertThat(store.findMonitor(created.id()).orElseThrow().spec().policy()).isEqualTo(policy);

        AlertPolicy primary = AlertPolicy.defaults().withMode(new MonitoringMode.Primary("nyc"));
        store.updateMonitor(created.id(), created.spec().withPolicy(primary), T0.plusSeconds(1));
        assertThat(store.listMonitors()).singleElement().satisfies(m -> assertThat(m.spec().policy()).isEqualTo(primary));
    }

    @Test
    void signalRulesAndSignalStateAreStoredAndReadBackEqualBesideTheAlertWindow() {
        AlertPolicy policy = AlertPolicy.defaults()
                .withAlertWhen(Optional.of(AlertWindow.parse("3 of 5")))
                .withRetryInterval(Optional.of(Duration.ofSeconds(20)))
                .withSignals(new SignalRules(5, true, Optional.of(Duration.ofMillis(200)), 2, true, 4, Duration.ofMinutes(15)));
        Monitor created = store.createMonitor(spec("web", "fra", "nyc").withPolicy(policy), T0);
        assertThat(store.findMonitor(created.id()).orElseThrow().spec().policy()).isEqualTo(policy);

        // Rounds through the real tracker: one error round (the --alert-when window holds it), then fra failing and
        // nyc slow below the DOWN rule until the REGIONAL and slow incidents are open and alerted.
        AlertSubject subject = new AlertSubject(created.id(), "web", "db.example.com", 5432);
        MonitorAlertState alert = MonitorAlertState.initial();
        for (int round = 0; round < 5; round++) {
            Instant due = T0.plusSeconds(10L * round);
            List<LocationFailure> fra = List.of(new LocationFailure("fra", FailureReason.REFUSED, due));
            RoundVerdict verdict = (round == 0 ? RoundVerdict.error(due, fra) : RoundVerdict.warning(due, fra))
                    .withConnected(List.of("nyc"), List.of(new SlowConnect("nyc", Duration.ofNanos(412_345_678), due)));
            alert = IncidentTracker.onVerdict(subject, alert, verdict, policy, due).state();
        }
        assertThat(alert.window()).isNotEqualTo(ErrorWindow.empty());
        assertThat(alert.signals().regional()).isPresent();
        assertThat(alert.signals().slow()).isPresent();
        SignalState signals = new SignalState(alert.signals().watch(), new FlapWatch(List.of(T0.minusSeconds(5), T0), Optional.of(T0)),
                alert.signals().regional(), alert.signals().slow(), Optional.empty());
        SavedAlertState state = new SavedAlertState(new MonitorAlertState(alert.state(), alert.since(), alert.lastFailures(),
                alert.errorStreak(), alert.streakStartedAt(), alert.incident(), alert.window(), signals), RoundRobinState.initial());

        store.saveAlertState(created.id(), state, List.of(), T0);

        assertThat(store.alertStates()).containsEntry(created.id(), state);
    }

    @Test
    void alertStateAndItsAlertsAreSavedTogetherAndEachAlertOnlyOnce() {
        long web = store.createMonitor(spec("web"), T0).id();
        Alert open = Alert.open("1-100", web, "web", "db.example.com", 5432,
                List.of(new LocationFailure("fra", FailureReason.REFUSED, T0)), T0, T0.plusSeconds(1));
        SavedAlertState state = new SavedAlertState(MonitorAlertState.initial(), new RoundRobinState(1, Optional.of("fra")));

        List<Alert> written = store.saveAlertState(web, state, List.of(new AlertIntent(open, List.of("hook", "mail"))), T0);
        List<Alert> again = store.saveAlertState(web, state, List.of(new AlertIntent(open, List.of("hook", "mail"))), T0);

        assertThat(written).singleElement().satisfies(a -> assertThat(a.sequence()).isEqualTo(1));
        assertThat(again).isEmpty();
        assertThat(store.alertStates()).containsEntry(web, state);
        assertThat(store.alertsAfter(0, 10)).containsExactly(open.withSequence(1));
        Outbox outbox = store.outbox(Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(outbox.heads("hook", 10)).singleElement().satisfies(d -> {
            assertThat(d.alert()).isEqualTo(open.withSequence(1));
            assertThat(d.attempts()).isZero();
        });
        assertThat(outbox.heads("mail", 10)).hasSize(1);
    }

    @Test
    void aLocationsHealthIsSavedWithItsAlertsOnceAndReadBackEqualWithoutAnyMonitor() {
        LocationFailure failure = new LocationFailure("fra", FailureReason.TIMED_OUT, T0);
        HostPort canary = new HostPort("2001:db8::53", 53);
        Alert degraded = Alert.locationDegraded("location-fra-1", "fra", canary.host(), canary.port(), failure, T0.plusSeconds(1));
        Alert recovered = Alert.locationRecovered("location-fra-1", "fra", canary.host(), canary.port(), failure, T0.plusSeconds(61),
                ClearReason.RECOVERED);
        SavedLocationHealth fraDegraded = new SavedLocationHealth(true, Optional.of(T0.plusSeconds(1)), 0,
                Optional.of(new SavedLocationHealth.Episode("location-fra-1", canary, failure)));
        SavedLocationHealth fraRecovering = new SavedLocationHealth(true, Optional.of(T0.plusSeconds(1)), 1, fraDegraded.episode());
        SavedLocationHealth nycFailing = new SavedLocationHealth(false, Optional.empty(), 2, Optional.empty());

        List<Alert> written = store.saveLocationHealth("fra", fraDegraded, List.of(new AlertIntent(degraded, List.of("hook"))), T0);
        List<Alert> again = store.saveLocationHealth("fra", fraRecovering, List.of(new AlertIntent(degraded, List.of("hook"))), T0);
        store.saveLocationHealth("nyc", nycFailing, List.of(), T0);

        assertThat(written).containsExactly(degraded.withSequence(1));
        assertThat(again).isEmpty();
        assertThat(store.locationHealth()).containsExactly(Map.entry("fra", fraRecovering), Map.entry("nyc", nycFailing));
        assertThat(store.alertStates()).isEmpty();
        assertThat(store.outbox(Clock.fixed(T0, ZoneOffset.UTC)).heads("hook", 10)).singleElement()
                .satisfies(d -> assertThat(d.alert()).isEqualTo(degraded.withSequence(1)));

        store.saveLocationHealth("fra", new SavedLocationHealth(false, Optional.of(T0.plusSeconds(61)), 0, Optional.empty()),
                List.of(new AlertIntent(recovered, List.of("hook"))), T0.plusSeconds(61));

        assertThat(store.alertsAfter(0, 10)).containsExactly(degraded.withSequence(1), recovered.withSequence(2));
        assertThat(store.alertsAfter(0, 10).get(1).outage()).contains(Duration.ofSeconds(61));
        assertThat(store.locationHealth().get("fra")).isEqualTo(new SavedLocationHealth(false, Optional.of(T0.plusSeconds(61)), 0, Optional.empty()));
    }

    @Test
    void aForgottenLocationsHealthIsGoneAndItsEndingAlertWritten() {
        LocationFailure failure = new LocationFailure("fra", FailureReason.REFUSED, T0);
        HostPort canary = new HostPort("192.0.2.53", 53);
        store.saveLocationHealth("fra", new SavedLocationHealth(true, Optional.of(T0), 0,
                Optional.of(new SavedLocationHealth.Episode("location-fra-1", canary, failure))), List.of(), T0);
        store.saveLocationHealth("nyc", new SavedLocationHealth(false, Optional.empty(), 1, Optional.empty()), List.of(), T0);
        Alert ended = Alert.locationRecovered("location-fra-1", "fra", canary.host(), canary.port(), failure, T0.plusSeconds(5),
                ClearReason.DELETED);

        List<Alert> written = store.forgetLocationHealth("fra", List.of(new AlertIntent(ended, List.of())), T0.plusSeconds(5));

        assertThat(written).containsExactly(ended.withSequence(1));
        assertThat(store.locationHealth()).containsOnlyKeys("nyc");
        assertThat(store.forgetLocationHealth("gone", List.of(), T0)).as("nothing saved: nothing to drop").isEmpty();
    }

    @Test
    void outboxOffersTheOldestUnacknowledgedAlertOfEachMonitorAndNumbersEachChannel() {
        long a = store.createMonitor(spec("a"), T0).id();
        long b = store.createMonitor(spec("b"), T0).id();
        Outbox outbox = store.outbox(Clock.fixed(T0, ZoneOffset.UTC));
        List<LocationFailure> failing = List.of(new LocationFailure("fra", FailureReason.TIMED_OUT, T0));
        Alert openA = Alert.open("a-1", a, "a", "h", 1, failing, T0, T0);
        Alert clearA = Alert.clear("a-1", a, "a", "h", 1, failing, T0, T0.plusSeconds(60), ClearReason.RECOVERED);
        Alert openB = Alert.open("b-1", b, "b", "h", 1, failing, T0, T0);

        List<Delivery> first = outbox.enqueue(openA, List.of("hook"));
        outbox.enqueue(clearA, List.of("hook"));
        outbox.enqueue(openB, List.of("hook", "mail"));

        assertThat(first).singleElement().satisfies(d -> assertThat(d.alert().sequence()).isEqualTo(1));
        assertThat(outbox.heads("hook", 10)).extracting(d -> d.alert().idempotencyKey()).containsExactly("a-1:open", "b-1:open");
        assertThat(outbox.heads("mail", 10)).singleElement().satisfies(d -> assertThat(d.alert().sequence()).isEqualTo(1));

        outbox.recordFailure(first.get(0).id(), "503", T0.plusSeconds(5));
        assertThat(outbox.heads("hook", 10)).extracting(d -> d.alert().idempotencyKey()).containsExactly("b-1:open", "a-1:open");
        assertThat(outbox.heads("hook", 10).get(1).attempts()).isEqualTo(1);
        assertThat(outbox.heads("hook", 10).get(1).lastError()).contains("503");

        outbox.acknowledge(first.get(0).id());
        assertThat(outbox.heads("hook", 10)).extracting(d -> d.alert().idempotencyKey() + "#" + d.alert().sequence())
                .containsExactlyInAnyOrder("b-1:open#3", "a-1:clear#2");
        assertThat(store.alertsAfter(1, 10)).extracting(Alert::sequence).containsExactly(2L, 3L);
        assertThat(store.recentAlerts(Optional.of(a), 10)).extracting(Alert::idempotencyKey).containsExactly("a-1:clear", "a-1:open");
    }

    @Test
    void summarizesScheduledResultsAndFindsTheIncidentsOfAPeriod() {
        Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                List.of("eu-west", "us-east")), T0);
        ReportScenario.store(store, web, T0);

        ResultSummary summary = store.summarizeResults(web.id(), T0, T0.plus(Duration.ofHours(1)));
        List<Alert> fromMinute51 = store.incidentAlerts(web.id(), T0.plus(Duration.ofMinutes(51)));

        assertThat(summary.counts()).containsExactly(new ResultSummary.StatusCount("eu-west", 0, 43),
                new ResultSummary.StatusCount("eu-west", 1, 5), new ResultSummary.StatusCount("eu-west", 90, 2),
                new ResultSummary.StatusCount("us-east", 0, 44), new ResultSummary.StatusCount("us-east", 1, 5),
                new ResultSummary.StatusCount("us-east", 90, 1));
        assertThat(summary.rounds()).hasSize(50);
        assertThat(summary.rounds().get(5)).isEqualTo(new ResultSummary.Round(T0.plus(Duration.ofMinutes(5)), false));
        assertThat(summary.rounds().get(6)).isEqualTo(new ResultSummary.Round(T0.plus(Duration.ofMinutes(6)), true));
        assertThat(((ConnectTimes.Exact) summary.connectTimes().get("us-east")).ascendingNanos()).hasSize(44).startsWith(100_000L, 200_000L).endsWith(4_400_000L);
        assertThat(fromMinute51).extracting(Alert::idempotencyKey).containsExactly("incident-b:clear");
    }

    @Test
    void countsScheduledResultsOfTheAskedMonitorsPerLocationHourAndStatus() {
        long web = store.createMonitor(spec("web"), T0).id();
        long db = store.createMonitor(spec("db"), T0).id();
        long other = store.createMonitor(spec("other"), T0).id();
        Instant hour1 = T0.plus(Duration.ofHours(1));
        store.insertResults(List.of(
                connected(web, "fra", T0.minusSeconds(1)),
                connected(web, "fra", T0),
                connected(web, "fra", T0.plusSeconds(3599)),
                scheduledRefusal(web, "fra", T0.plusSeconds(60)),
                connected(web, "fra", hour1),
                connected(web, "nyc", hour1.plusSeconds(10)),
                refused(web, "nyc", hour1.plusSeconds(11)),
                scheduledRefusal(db, "nyc", hour1.plusSeconds(5)),
                connected(other, "fra", hour1)));

        List<HourlyCount> counts = store.hourlyCounts(List.of(web, db), T0);

        assertThat(counts).containsExactly(
                new HourlyCount(web, "fra", T0, 0, 2),
                new HourlyCount(web, "fra", T0, 1, 1),
                new HourlyCount(web, "fra", hour1, 0, 1),
                new HourlyCount(web, "nyc", hour1, 0, 1),
                new HourlyCount(db, "nyc", hour1, 1, 1));
        assertThat(store.hourlyCounts(List.of(), T0)).isEmpty();
    }

    private static ProbeResult scheduledRefusal(long monitorId, String location, Instant startedAt) {
        return new ProbeResult(startedAt.toEpochMilli() + 1, monitorId, location, "agent-" + location, ResultKind.SCHEDULED, startedAt,
                ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.10:5432", startedAt, "connection refused"));
    }

    @Test
    void rollupsGiveTheCountsAndRoundsOfTheResultsAndPercentilesWithinTheirError() {
        Monitor web = store.createMonitor(new MonitorSpec("web", "127.0.0.1", 9, Duration.ofSeconds(60), Duration.ofSeconds(5),
                List.of("eu-west", "us-east")), T0);
        ReportScenario.store(store, web, T0);
        Instant since = T0.minus(Duration.ofMinutes(90));
        Instant until = T0.plus(Duration.ofMinutes(150));
        ResultSummary fromResults = store.summarizeResults(web.id(), since, until);

        RollupPass pass = store.rollUpResults(T0.plus(Duration.ofMinutes(190)), 24);
        store.purgeResultsBefore(T0.plus(Duration.ofHours(4)));
        ResultSummary fromRollups = store.summarizeResults(web.id(), since, until);

        assertThat(pass).usingRecursiveComparison().ignoringFields("longestWrite")
                .isEqualTo(new RollupPass(3, 1, 0, T0.plus(Duration.ofHours(3)), Duration.ZERO));
        assertThat(fromRollups.counts()).isEqualTo(fromResults.counts());
        assertThat(fromRollups.rounds()).isEqualTo(fromResults.rounds());
        for (String location : List.of("eu-west", "us-east")) {
            ConnectTimes exact = fromResults.connectTimes().get(location);
            ConnectTimes histogram = fromRollups.connectTimes().get(location);
            assertThat(histogram).isInstanceOf(ConnectHistogram.class);
            assertThat(histogram.count()).isEqualTo(exact.count());
            for (int p : new int[] {50, 95, 99}) {
                assertThat((double) histogram.percentile(p)).isCloseTo(exact.percentile(p),
                        org.assertj.core.data.Percentage.withPercentage(100 * ConnectHistogram.RELATIVE_ERROR));
            }
        }
    }

    @Test
    void aResultThatArrivesAfterItsHourWasRolledUpIsCountedAndRolledUpAgain() {
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(60))));
        store.rollUpResults(T0.plus(Duration.ofMinutes(70)), 24);

        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(120))));
        long beforeRollingUpAgain = connectedIn(web, T0, T0.plus(Duration.ofHours(1)));
        RollupPass again = store.rollUpResults(T0.plus(Duration.ofMinutes(70)), 24);
        store.purgeResultsBefore(T0.plus(Duration.ofHours(1)));

        assertThat(beforeRollingUpAgain).isEqualTo(2);
        assertThat(again).usingRecursiveComparison().ignoringFields("longestWrite")
                .isEqualTo(new RollupPass(0, 0, 1, T0.plus(Duration.ofHours(1)), Duration.ZERO));
        assertThat(connectedIn(web, T0, T0.plus(Duration.ofHours(1)))).isEqualTo(2);
    }

    @Test
    void aResultOlderThanTheResultsKeptDoesNotShrinkTheRollupOfItsHour() {
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(60)), connected(web.id(), "fra", T0.plusSeconds(120))));
        store.rollUpResults(T0.plus(Duration.ofHours(1)), 24);
        store.purgeResultsBefore(T0.plus(Duration.ofHours(1)));

        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(180))));
        store.rollUpResults(T0.plus(Duration.ofHours(1)), 24);

        assertThat(connectedIn(web, T0, T0.plus(Duration.ofHours(1)))).isEqualTo(2);
    }

    @Test
    void rollupsArePurgedByTheirOwnCutoffAndGoWithTheirMonitor() {
        Monitor web = store.createMonitor(spec("web", "fra"), T0);
        Monitor db = store.createMonitor(spec("db", "fra"), T0);
        for (Monitor m : List.of(web, db)) {
            store.insertResults(List.of(connected(m.id(), "fra", T0.plusSeconds(60)), connected(m.id(), "fra", T0.plusSeconds(3660))));
        }
        store.rollUpResults(T0.plus(Duration.ofHours(2)), 24);
        store.purgeResultsBefore(T0.plus(Duration.ofHours(2)));

        store.deleteMonitor(db.id());

        assertThat(store.purgeRollupsBefore(T0.plus(Duration.ofHours(1)))).isEqualTo(2);
        assertThat(connectedIn(web, T0, T0.plus(Duration.ofHours(2)))).isEqualTo(1);
    }

    private long connectedIn(Monitor monitor, Instant since, Instant until) {
        return store.summarizeResults(monitor.id(), since, until).counts().stream().filter(c -> c.statusCode() == 0)
                .mapToLong(ResultSummary.StatusCount::count).sum();
    }

    @Test
    void deletingAMonitorDropsItsAlertStateButKeepsItsAlerts() {
        long web = store.createMonitor(spec("web"), T0).id();
        Alert open = Alert.open("1-1", web, "web", "h", 1, List.of(new LocationFailure("fra", FailureReason.REFUSED, T0)), T0, T0);
        store.saveAlertState(web, SavedAlertState.initial(), List.of(new AlertIntent(open, List.of())), T0);

        store.deleteMonitor(web);

        assertThat(store.alertStates()).isEmpty();
        assertThat(store.alertsAfter(0, 10)).hasSize(1);
        assertThat(store.saveAlertState(web, SavedAlertState.initial(), List.of(), T0)).isEmpty();
    }

    @Test
    void tokensAreCreatedOnceByNameAndListedWithoutTheirSecret() {
        StoredToken ci = new StoredToken("ci", "read", "aa11", T0.plusNanos(1_500_000), Optional.empty(), Optional.empty());

        assertThat(store.createToken(ci)).isTrue();
        assertThat(store.createToken(new StoredToken("ci", "admin", "bb22", T0, Optional.empty(), Optional.empty()))).isFalse();
        assertThat(store.createToken(new StoredToken("admin", "admin", "cc33", T0, Optional.empty(), Optional.empty()))).isTrue();

        assertThat(store.tokens()).containsExactly(
                new StoredToken("admin", "admin", "cc33", T0, Optional.empty(), Optional.empty()),
                new StoredToken("ci", "read", "aa11", T0.plusMillis(1), Optional.empty(), Optional.empty()));
    }

    @Test
    void aRevokedTokenKeepsItsRowAndItsName() {
        store.createToken(new StoredToken("ci", "read", "aa11", T0, Optional.empty(), Optional.empty()));

        assertThat(store.revokeToken("ci", T0.plusSeconds(5))).isTrue();
        assertThat(store.revokeToken("ci", T0.plusSeconds(6))).isFalse();
        assertThat(store.revokeToken("nope", T0)).isFalse();

        assertThat(store.tokens()).singleElement().satisfies(t -> assertThat(t.revokedAt()).contains(T0.plusSeconds(5)));
        assertThat(store.createToken(new StoredToken("ci", "read", "dd44", T0, Optional.empty(), Optional.empty()))).isFalse();
    }

    @Test
    void lastUseOfATokenOnlyMovesForward() {
        store.createToken(new StoredToken("ci", "read", "aa11", T0, Optional.empty(), Optional.empty()));

        store.markTokensUsed(Map.of("ci", T0.plusSeconds(60), "unknown", T0));
        store.markTokensUsed(Map.of("ci", T0.plusSeconds(30)));

        assertThat(store.tokens()).singleElement().satisfies(t -> assertThat(t.lastUsedAt()).contains(T0.plusSeconds(60)));
    }

    @Test
    void reportsItsSizeOnDisk() {
        assertThat(store.sizeOnDiskBytes()).isPositive();
    }

    @Test
    void gapsAreFoundByOverlapOncePerEpoch() {
        store.takeOver("coordinator-a", T0, () -> { });
        CoordinatorGap gap = new CoordinatorGap(T0.plusSeconds(60), T0.plusSeconds(150));
        store.recordGap(gap);
        store.recordGap(new CoordinatorGap(T0, T0.plusSeconds(1)));

        assertThat(store.gaps(T0, T0.plusSeconds(61))).containsExactly(gap);
        assertThat(store.gaps(T0.plusSeconds(149), T0.plusSeconds(3600))).containsExactly(gap);
        assertThat(store.gaps(T0.plusSeconds(150), T0.plusSeconds(3600))).isEmpty();
        assertThat(store.gaps(T0, T0.plusSeconds(60))).isEmpty();
        assertThat(gap.countsFor(Duration.ofSeconds(60))).isTrue();
        assertThat(gap.countsFor(Duration.ofSeconds(90))).isFalse();
    }

    @Test
    void roundsRunSinceNameTheLocationsWithAScheduledResultDueSinceThen() {
        Monitor web = store.createMonitor(spec("web", "fra", "nyc"), T0);
        Monitor db = store.createMonitor(spec("db", "fra", "nyc"), T0);
        store.insertResults(List.of(connected(web.id(), "fra", T0.plusSeconds(10)), connected(web.id(), "nyc", T0),
                connected(db.id(), "nyc", T0.plusSeconds(20)), refused(db.id(), "fra", T0.plusSeconds(20))));

        assertThat(store.roundsRunSince(T0.plusSeconds(5))).isEqualTo(Map.of(web.id(), java.util.Set.of("fra"), db.id(), java.util.Set.of("nyc")));
    }
}
