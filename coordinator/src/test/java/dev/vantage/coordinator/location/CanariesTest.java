package dev.vantage.coordinator.location;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import dev.vantage.coordinator.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary runner on a real SQLite store, its jobs answered by the test as agents would. */
class CanariesTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final List<Job> sent = new ArrayList<>();
    private final List<Alert> raised = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong(1);
    private Store store;
    private Canaries canaries;

    @TempDir
    Path dir;

    @BeforeEach
    void open() {
        store = StoreFactory.open(StoreConfig.of("jdbc:sqlite:" + dir.resolve("vantage.db")));
        canaries = new Canaries(settings(List.of("fra")), sent::addAll, ids::getAndIncrement, store, List.of(), raised::addAll, clock);
    }

    /** Two canaries in each of {@code locations}; two failed rounds degrade, one good round recovers. */
    private static CanarySettings settings(List<String> locations) {
        Map<String, List<HostPort>> canaries = new LinkedHashMap<>();
        locations.forEach(l -> canaries.put(l, List.of(new HostPort("192.0.2.53", 53), new HostPort("192.0.2.80", 443))));
        return new CanarySettings(canaries, Duration.ofSeconds(30), Duration.ofSeconds(3), 2, 1);
    }

    /** The next active coordinator on the same store, with canaries in {@code locations}: what it restores. */
    private void nextCoordinator(List<String> locations) {
        raised.clear();
        canaries = new Canaries(settings(locations), sent::addAll, ids::getAndIncrement, store, List.of(), raised::addAll, clock);
        canaries.restore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** One canary round of fra whose two jobs end as {@code outcomes}. */
    private void round(ProbeOutcome... outcomes) {
        sent.clear();
        canaries.runRound();
        assertThat(sent).hasSize(2).allSatisfy(j -> {
            assertThat(j.location()).isEqualTo("fra");
            assertThat(j.monitorId()).isZero();
            assertThat(j.target().timeout()).isEqualTo(Duration.ofSeconds(3));
        });
        for (int i = 0; i < outcomes.length; i++) {
            Job j = sent.get(i);
            j.onResult().accept(new ProbeResult(j.jobId(), 0, "fra", "agent-fra", j.kind(), j.dueAt(), outcomes[i]));
        }
        clock.advance(Duration.ofSeconds(30));
    }

    private ProbeOutcome refused() {
        return ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.53:53", clock.instant(), "connection refused");
    }

    private ProbeOutcome ok() {
        return ProbeOutcome.connected(1_000_000, "192.0.2.80:443", clock.instant());
    }

    private ProbeOutcome noAgent() {
        return ProbeOutcome.noAgent(clock.instant(), "no agent");
    }

    private ProbeResult monitorResult(String location, ProbeOutcome outcome) {
        return new ProbeResult(99, 7, location, "agent", ResultKind.SCHEDULED, clock.instant(), outcome);
    }

    @Test
    void twoFailedRoundsDegradeTheLocationAndItsResultsBecomeLocationUnhealthy() {
        round(refused(), refused());
        assertThat(canaries.degraded("fra")).isFalse();
        round(noAgent(), noAgent());
        assertThat(canaries.degraded("fra")).as("a round without agents says nothing").isFalse();
        assertThat(raised).isEmpty();

        round(refused(), refused());

        assertThat(canaries.degraded("fra")).isTrue();
        LocationHealth h = canaries.health("fra");
        assertThat(h.health()).isEqualTo(Health.DEGRADED);
        assertThat(h.lastConnected()).isZero();
        assertThat(h.lastAnswered()).isEqualTo(2);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.LOCATION_DEGRADED);
            assertThat(a.monitorName()).isEqualTo("location/fra");
            assertThat(a.target()).isEqualTo("192.0.2.53:53");
            assertThat(a.statusCode()).isEqualTo(91);
            assertThat(a.failingLocations()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.REFUSED));
        });
        ProbeResult vetted = canaries.vet(monitorResult("fra", ok()));
        assertThat(vetted.outcome().status()).isEqualTo(StatusCode.LOCATION_UNHEALTHY);
        assertThat(vetted.outcome().message()).isEqualTo(
                "location fra is degraded (its canaries fail), so this probe does not count; it found: connected");
        assertThat(canaries.vet(monitorResult("nyc", refused())).outcome().status()).as("another location").isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
        assertThat(canaries.vet(monitorResult("fra", noAgent())).outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE);
        assertThat(canaries.health("nyc").health()).isEqualTo(Health.UNCHECKED);
    }

    @Test
    void oneCanaryConnectingIsAGoodRoundAndRecoveryRaisesOneAlertClosingTheDegradation() {
        round(refused(), refused());
        round(refused(), refused());
        round(refused(), ok());

        assertThat(canaries.degraded("fra")).isFalse();
        assertThat(raised).extracting(Alert::kind).containsExactly(AlertKind.LOCATION_DEGRADED, AlertKind.LOCATION_RECOVERED);
        assertThat(raised.get(1).incidentId()).isEqualTo(raised.get(0).incidentId());
        assertThat(raised.get(1).outage()).isPresent();
        assertThat(store.alertsAfter(0, 10)).extracting(Alert::kind)
                .containsExactly(AlertKind.LOCATION_DEGRADED, AlertKind.LOCATION_RECOVERED);
        assertThat(canaries.vet(monitorResult("fra", refused())).outcome().status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
    }

    @Test
    void aRoundStillWaitingForAnswersIsNotStartedAgain() {
        canaries.runRound();
        canaries.runRound();

        assertThat(sent).hasSize(2);
    }

    @Test
    void theNextCoordinatorKeepsADegradedLocationDegradedAndItsRecoveryClosesTheSameIncident() {
        round(refused(), refused());
        round(refused(), refused());
        Alert degraded = raised.get(0);
        LocationHealth before = canaries.health("fra");

        nextCoordinator(List.of("fra"));

        assertThat(canaries.health("fra").health()).isEqualTo(Health.DEGRADED);
        assertThat(canaries.health("fra").since()).isEqualTo(before.since());
        assertThat(canaries.health("fra").lastRoundAt()).as("this coordinator has run no canary round yet").isEmpty();
        assertThat(canaries.vet(monitorResult("fra", ok())).outcome().status()).isEqualTo(StatusCode.LOCATION_UNHEALTHY);
        round(refused(), refused());
        assertThat(raised).as("the same degradation is not alerted again").isEmpty();

        round(refused(), ok());

        assertThat(canaries.degraded("fra")).isFalse();
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.LOCATION_RECOVERED);
            assertThat(a.incidentId()).isEqualTo(degraded.incidentId());
            assertThat(a.clearReason()).contains(ClearReason.RECOVERED);
            assertThat(a.firstFailureAt()).isEqualTo(degraded.firstFailureAt());
        });
        assertThat(store.alertsAfter(0, 10)).extracting(Alert::kind).containsExactly(AlertKind.LOCATION_DEGRADED, AlertKind.LOCATION_RECOVERED);
    }

    @Test
    void aStreakGoesOnWhereTheLastCoordinatorLeftIt() {
        round(refused(), refused());

        nextCoordinator(List.of("fra"));
        assertThat(canaries.health("fra").health()).isEqualTo(Health.HEALTHY);
        round(refused(), refused());

        assertThat(canaries.degraded("fra")).as("the second failed round in a row, across coordinators").isTrue();
        assertThat(raised).extracting(Alert::kind).containsExactly(AlertKind.LOCATION_DEGRADED);
    }

    @Test
    void aDegradedLocationWhoseCanariesWereRemovedIsUncheckedAndItsDegradationEndsOnce() {
        round(refused(), refused());
        round(refused(), refused());
        String incident = raised.get(0).incidentId();

        nextCoordinator(List.of("nyc"));

        assertThat(canaries.health("fra").health()).isEqualTo(Health.UNCHECKED);
        assertThat(canaries.vet(monitorResult("fra", refused())).outcome().status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlertKind.LOCATION_RECOVERED);
            assertThat(a.incidentId()).isEqualTo(incident);
            assertThat(a.clearReason()).contains(ClearReason.DELETED);
            assertThat(a.target()).isEqualTo("192.0.2.53:53");
        });
        assertThat(store.locationHealth()).doesNotContainKey("fra");

        nextCoordinator(List.of("fra"));

        assertThat(raised).isEmpty();
        assertThat(canaries.health("fra").health()).as("canaries back: judged afresh").isEqualTo(Health.HEALTHY);
        assertThat(canaries.health("fra").since()).isEmpty();
    }

    @Test
    void aDegradationSavedByACoordinatorWhoseClockRanAheadEndsNoEarlierThanItBegan() {
        round(refused(), refused());
        round(refused(), refused());
        Instant failedAt = raised.get(0).firstFailureAt();
        clock.advance(Duration.ofMinutes(-10));

        nextCoordinator(List.of("nyc"));

        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.raisedAt()).isEqualTo(failedAt);
            assertThat(a.outage()).contains(Duration.ZERO);
        });
    }

    /** On PostgreSQL, where another session can take the table away under the store (SQLite's writer holds its file's lock). */
    @Test
    void aChangeTheStoreFailedToSaveIsSavedWithItsAlertAtTheNextRound() {
        String schema = TestPostgres.createSchema("vantage_canaries");
        try {
            store.close();
            store = StoreFactory.open(StoreConfig.of(TestPostgres.URL).withCredentials(TestPostgres.USER, TestPostgres.PASSWORD).withSchema(schema));
            nextCoordinator(List.of("fra"));
            round(refused(), refused());
            TestPostgres.execute("ALTER TABLE " + schema + ".location_health RENAME TO location_health_away");

            round(refused(), refused());

            assertThat(canaries.degraded("fra")).as("judged even while the store fails").isTrue();
            assertThat(raised).isEmpty();
            assertThat(store.alertsAfter(0, 10)).isEmpty();
            TestPostgres.execute("ALTER TABLE " + schema + ".location_health_away RENAME TO location_health");

            round(refused(), refused());

            assertThat(raised).extracting(Alert::kind).containsExactly(AlertKind.LOCATION_DEGRADED);
            assertThat(store.alertsAfter(0, 10)).hasSize(1);
            nextCoordinator(List.of("fra"));
            assertThat(canaries.degraded("fra")).isTrue();
        } finally {
            TestPostgres.dropSchema(schema); // the store is closed after the test
        }
    }
}
