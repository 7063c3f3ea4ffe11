package dev.vantage.coordinator.alert;

import static dev.vantage.coordinator.alert.AlertKind.CLEAR;
import static dev.vantage.coordinator.alert.AlertKind.OPEN;
import static dev.vantage.coordinator.alert.AlertKind.REMINDER;
import static dev.vantage.coordinator.alert.Tracked.Target.DOWN;
import static dev.vantage.coordinator.alert.Tracked.Target.SLOW;
import static dev.vantage.coordinator.alert.Tracked.Target.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import dev.vantage.coordinator.decide.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** REGIONAL, slow-connect WARNING and FLAPPING through {@link IncidentTracker}, rounds decided by the real RoundEvaluation. */
class SignalTrackingTest {
    private static final Instant START = Instant.parse("2024-06-03T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final List<String> THREE = List.of("ams", "fra", "nyc");

    private final MutableClock clock = new MutableClock(START);

    private static SignalRules signals(int regionalAfter, boolean notifyRegional, Optional<Duration> warn, int warnAfter,
                                       boolean notifySlow, int flapChanges, Duration flapWindow) {
        return new SignalRules(regionalAfter, notifyRegional, warn, warnAfter, notifySlow, flapChanges, flapWindow);
    }

    private static final SignalRules NOTIFY_REGIONAL = signals(3, true, Optional.empty(), 1, false, 0, Duration.ofMinutes(10));
    private static final SignalRules FLAP_4_IN_10M = signals(3, false, Optional.empty(), 1, false, 4, Duration.ofMinutes(10));

    private Tracked monitor(MonitoringMode mode, SignalRules rules) {
        return new Tracked(clock, AlertPolicy.defaults().withMode(mode).withSignals(rules), THREE);
    }

    private static List<String> topicsAndKinds(Tracked m) {
        return m.sent.stream().map(a -> a.alert().topic().label() + " " + a.kind().label()).toList();
    }

    // --- REGIONAL ------------------------------------------------------------------------------

    @Test
    void oneOfThreeFailingUnderSlaTwoIsRegionalAfterThreeRoundsWithOneAlertAndOneClear() {
        Tracked m = monitor(MonitoringMode.Sla.atLeast(2), NOTIFY_REGIONAL);
        for (int round = 1; round <= 2; round++) {
            m.round(Map.of("nyc", DOWN), INTERVAL);
            assertThat(m.condition.state()).as("round %d", round).isEqualTo(MonitorState.WARNING);
        }
        assertThat(m.sent).isEmpty();

        m.round(Map.of("nyc", DOWN), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.REGIONAL);
        assertThat(m.condition.since()).contains(START);
        assertThat(m.condition.failing()).containsExactly(new LocationFailure("nyc", FailureReason.REFUSED, START));
        assertThat(topicsAndKinds(m)).containsExactly("regional open");
        Alert open = m.sent.get(0).alert();
        assertThat(open.incidentId()).isEqualTo("42-regional-" + START.toEpochMilli());
        assertThat(open.failingLocations()).extracting(LocationFailure::location).containsExactly("nyc");
        assertThat(open.firstFailureAt()).isEqualTo(START);

        for (int round = 4; round <= 8; round++) {
            m.round(Map.of("nyc", DOWN), INTERVAL);
        }
        assertThat(topicsAndKinds(m)).as("still one alert while it stays regional").containsExactly("regional open");

        m.round(Map.of(), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.UP);
        assertThat(topicsAndKinds(m)).containsExactly("regional open", "regional clear");
        Alert clear = m.sent.get(1).alert();
        assertThat(clear.incidentId()).isEqualTo(open.incidentId());
        assertThat(clear.clearReason()).contains(ClearReason.RECOVERED);
        assertThat(clear.outage()).contains(Duration.ofSeconds(80));
    }

    @Test
    void aFailureVerificationDoesNotConfirmIsRegionalUnderGlobalVerifyButNotAlertedByDefault() {
        Tracked m = monitor(new MonitoringMode.GlobalVerify(), SignalRules.defaults());
        for (int round = 0; round < 3; round++) {
            assertThat(m.round(Map.of("fra", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);
        }
        assertThat(m.condition.state()).isEqualTo(MonitorState.REGIONAL);
        assertThat(m.condition.failing()).extracting(LocationFailure::location).containsExactly("fra");
        assertThat(m.sent).isEmpty();
    }

    @Test
    void regionalIsRemindedLikeAnOutage() {
        AlertPolicy policy = AlertPolicy.defaults().withMode(MonitoringMode.Sla.atLeast(2)).withSignals(NOTIFY_REGIONAL)
                .withNotifyRules(NotifyRules.defaults().withReminders(2, Duration.ofMinutes(1)));
        Tracked m = new Tracked(clock, policy, THREE);
        for (int round = 0; round < 3; round++) {
            m.round(Map.of("nyc", DOWN), INTERVAL);
        }
        clock.advance(Duration.ofMinutes(1));
        m.tick();
        assertThat(m.kindsSent()).containsExactly(OPEN, REMINDER);
        assertThat(m.sent.get(1).alert().topic()).isEqualTo(AlertTopic.REGIONAL);
        assertThat(m.sent.get(1).alert().reminderNumber()).isEqualTo(1);
    }

    @Test
    void aMonitorThatGoesDownShowsDownNotRegionalAndOpensNoRegionalIncident() {
        Tracked m = monitor(MonitoringMode.Sla.atLeast(2), NOTIFY_REGIONAL);
        for (int round = 0; round < 3; round++) {
            m.round(Map.of("nyc", DOWN, "fra", DOWN), INTERVAL);
        }
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        assertThat(topicsAndKinds(m)).containsExactly("outage open");
    }

    @Test
    void streaksSurviveARestart() {
        Tracked m = monitor(MonitoringMode.Sla.atLeast(2), NOTIFY_REGIONAL);
        m.round(Map.of("nyc", DOWN), INTERVAL);
        m.round(Map.of("nyc", DOWN), INTERVAL);
        m.restart();
        m.round(Map.of("nyc", DOWN), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.REGIONAL);
        m.restart();
        m.round(Map.of(), INTERVAL);
        assertThat(topicsAndKinds(m)).containsExactly("regional open", "regional clear");
    }

    // --- slow connect ----------------------------------------------------------------------------

    @Test
    void aSlowLocationIsAWarningAfterWarnAfterRoundsNeverAnErrorWithOneOpenAndOneClear() {
        Tracked m = monitor(new MonitoringMode.GlobalVerify(),
                signals(3, false, Optional.of(Duration.ofMillis(200)), 2, true, 0, Duration.ofMinutes(10)));
        assertThat(m.round(Map.of("ams", SLOW), INTERVAL).verdict()).isEqualTo(Verdict.OK);
        assertThat(m.condition.state()).isEqualTo(MonitorState.UP);
        assertThat(m.round(Map.of("ams", SLOW), INTERVAL).verdict()).isEqualTo(Verdict.OK);
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        assertThat(m.condition.since()).contains(START);
        assertThat(m.condition.failing()).isEmpty();
        assertThat(m.condition.slow()).containsExactly(new SlowConnect("ams", Tracked.SLOW_CONNECT, START.plus(INTERVAL)));
        assertThat(m.state.incident()).isEmpty();
        assertThat(topicsAndKinds(m)).containsExactly("slow open");
        assertThat(m.sent.get(0).alert().slowLocations()).extracting(SlowConnect::location).containsExactly("ams");
        assertThat(m.sent.get(0).alert().failingLocations()).isEmpty();

        m.round(Map.of("ams", UP), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.UP);
        assertThat(topicsAndKinds(m)).containsExactly("slow open", "slow clear");
    }

    @Test
    void slowConnectsAreNotAlertedWithoutNotifySlow() {
        Tracked m = monitor(new MonitoringMode.GlobalVerify(),
                signals(3, false, Optional.of(Duration.ofMillis(200)), 1, false, 0, Duration.ofMinutes(10)));
        m.round(Map.of("ams", SLOW, "fra", SLOW), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        assertThat(m.condition.slow()).extracting(SlowConnect::location).containsExactly("ams", "fra");
        assertThat(m.sent).isEmpty();
    }

    // --- flapping --------------------------------------------------------------------------------

    @Test
    void roundRobinWithTwoOfThreeRefusingAlertsEveryCycleWithoutFlapDetection() {
        Tracked m = monitor(new MonitoringMode.RoundRobin(), SignalRules.defaults());
        for (int round = 0; round < 30; round++) {
            m.round(Map.of("fra", DOWN, "nyc", DOWN), INTERVAL);
        }
        assertThat(m.kindsSent().stream().filter(k -> k == OPEN)).as(m.kindsSent().toString()).hasSize(10);
        assertThat(m.kindsSent().stream().filter(k -> k == CLEAR)).as(m.kindsSent().toString()).hasSize(9);
    }

    @Test
    void roundRobinWithTwoOfThreeRefusingEndsInFlappingWithOneSummaryAlert() {
        Tracked m = monitor(new MonitoringMode.RoundRobin(), FLAP_4_IN_10M);
        for (int round = 0; round < 30; round++) {
            m.round(Map.of("fra", DOWN, "nyc", DOWN), INTERVAL);
        }
        // Changes 1-4 alert as usual; the fifth within 10m makes it FLAPPING: its OPEN is held back.
        assertThat(topicsAndKinds(m)).containsExactly("outage open", "outage clear", "outage open", "outage clear",
                "flapping open");
        assertThat(m.condition.state()).isEqualTo(MonitorState.FLAPPING);
        Alert flapping = m.sent.get(4).alert();
        assertThat(flapping.incidentId()).startsWith("42-flapping-");
        assertThat(flapping.failingLocations()).isNotEmpty();
    }

    @Test
    void aTargetToggledEveryRoundFlapsThenSettlesWithOneMoreAlert() {
        Tracked m = monitor(new MonitoringMode.GlobalNotify(), signals(3, false, Optional.empty(), 1, false, 2, Duration.ofMinutes(1)));
        Map<String, Tracked.Target> down = Map.of("ams", DOWN, "fra", DOWN, "nyc", DOWN);
        for (int round = 0; round < 8; round++) {
            m.round(round % 2 == 0 ? down : Map.of(), INTERVAL);
        }
        assertThat(topicsAndKinds(m)).containsExactly("outage open", "outage clear", "flapping open");
        assertThat(m.condition.state()).isEqualTo(MonitorState.FLAPPING);

        // Steady UP: once the window holds one change or none, it settles.
        for (int round = 0; round < 7; round++) {
            m.round(Map.of(), INTERVAL);
        }
        assertThat(topicsAndKinds(m)).containsExactly("outage open", "outage clear", "flapping open", "flapping clear");
        assertThat(m.sent.get(3).alert().clearReason()).contains(ClearReason.SETTLED);
        assertThat(m.condition.state()).isEqualTo(MonitorState.UP);

        m.round(down, INTERVAL);
        assertThat(topicsAndKinds(m)).as("alerts flow again").endsWith("outage open");
    }

    @Test
    void anOutageStillOpenWhenItSettlesIsAlertedThen() {
        Tracked m = monitor(new MonitoringMode.GlobalNotify(), signals(3, false, Optional.empty(), 1, false, 2, Duration.ofMinutes(1)));
        Map<String, Tracked.Target> down = Map.of("ams", DOWN, "fra", DOWN, "nyc", DOWN);
        for (int round = 0; round < 3; round++) {
            m.round(round % 2 == 0 ? down : Map.of(), INTERVAL);
        }
        assertThat(topicsAndKinds(m)).containsExactly("outage open", "outage clear", "flapping open");
        for (int round = 0; round < 7; round++) {
            m.round(down, INTERVAL);
        }
        assertThat(topicsAndKinds(m)).containsExactly("outage open", "outage clear", "flapping open", "flapping clear",
                "outage open");
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
    }

    @Test
    void pausingEndsEveryOpenIncident() {
        Tracked m = monitor(MonitoringMode.Sla.atLeast(2), NOTIFY_REGIONAL);
        for (int round = 0; round < 3; round++) {
            m.round(Map.of("nyc", DOWN), INTERVAL);
        }
        AlertDecision d = IncidentTracker.onEnd(Tracked.SUBJECT, m.state, m.policy, ClearReason.PAUSED, clock.instant());
        assertThat(d.alerts()).extracting(a -> a.alert().topic().label() + " " + a.kind().label() + " "
                + a.alert().clearReason().orElseThrow().label()).containsExactly("regional clear paused");
    }
}
