package dev.vantage.coordinator.alert;

import static dev.vantage.coordinator.alert.AlertKind.CLEAR;
import static dev.vantage.coordinator.alert.AlertKind.OPEN;
import static dev.vantage.coordinator.alert.AlertKind.REMINDER;
import static dev.vantage.coordinator.alert.Tracked.Target.DOWN;
import static dev.vantage.coordinator.alert.Tracked.Target.FLAKY;
import static dev.vantage.coordinator.alert.Tracked.Target.NO_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.BlackoutEffect;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
    private static final Instant START = Instant.parse("2024-06-03T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final List<String> TWO = List.of("ams", "fra");
    private static final List<String> THREE = List.of("ams", "fra", "nyc");

    private final MutableClock clock = new MutableClock(START);

    private Tracked monitor(AlertPolicy policy, List<String> locations) {
        return new Tracked(clock, policy, locations);
    }

    private static AlertPolicy mode(MonitoringMode mode) {
        return AlertPolicy.defaults().withMode(mode);
    }

    // --- the scenarios -------------------------------------------------------------

    @Test
    void oneFailingLocationDoesNotAlertUnderSlaTwo() {
        Tracked m = monitor(mode(MonitoringMode.Sla.atLeast(2)), THREE);
        for (int i = 0; i < 2; i++) {
            assertThat(m.round(Map.of("ams", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);
        }
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        // The third round in a row makes it REGIONAL (on by default), which is not alerted by default.
        assertThat(m.round(Map.of("ams", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);
        assertThat(m.sent).isEmpty();
        assertThat(m.condition.state()).isEqualTo(MonitorState.REGIONAL);
    }

    @Test
    void oneFailingLocationOpensOneIncidentUnderGlobalNotify() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), THREE);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN);
        Alert open = m.sent.get(0).alert();
        assertThat(open.incidentId()).isEqualTo("42-" + START.toEpochMilli());
        assertThat(open.status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
        assertThat(open.target()).isEqualTo("db.example.com:5432");
        assertThat(open.failingLocations()).containsExactly(new LocationFailure("ams", FailureReason.REFUSED, START));
        assertThat(open.firstFailureAt()).isEqualTo(START);
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        assertThat(m.condition.since()).contains(START);
    }

    @Test
    void oneFailingLocationIsAWarningWithoutAlertUnderGlobalVerify() {
        Tracked m = monitor(AlertPolicy.defaults(), THREE);
        assertThat(m.round(Map.of("ams", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);
        assertThat(m.sent).isEmpty();
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        assertThat(m.condition.failing()).extracting(LocationFailure::location).containsExactly("ams");
        assertThat(m.history).extracting(r -> r.location() + " " + r.kind())
                .contains("ams RETRY", "fra VERIFY");
    }

    @Test
    void roundRobinAlertsOnlyWhenTwoLocationsInARowFail() {
        Tracked m = monitor(mode(new MonitoringMode.RoundRobin()), THREE);
        for (int i = 0; i < 6; i++) {                 // fra alone fails: never an alert
            m.round(Map.of("fra", DOWN), INTERVAL);
        }
        assertThat(m.sent).isEmpty();

        m.round(Map.of("fra", DOWN, "nyc", DOWN), INTERVAL);   // ams's turn: OK
        m.round(Map.of("fra", DOWN, "nyc", DOWN), INTERVAL);   // fra fails: WARNING
        assertThat(m.sent).isEmpty();
        m.round(Map.of("fra", DOWN, "nyc", DOWN), INTERVAL);   // nyc fails right after: ERROR
        assertThat(m.kindsSent()).containsExactly(OPEN);
    }

    @Test
    void transientFailureTheRetryClearsIsNoAlertButStaysInHistory() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), TWO);
        assertThat(m.round(Map.of("ams", FLAKY), INTERVAL).verdict()).isEqualTo(Verdict.OK);
        assertThat(m.sent).isEmpty();
        assertThat(m.history).filteredOn(r -> r.location().equals("ams"))
                .extracting(r -> r.kind() + " " + r.outcome().status())
                .containsExactly("SCHEDULED TCP_CONNECTION_FAILED", "RETRY OK");
    }

    @Test
    void startNotifyThreeAlertsOnTheThirdErrorRoundOnly() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify()).withNotifyRules(NotifyRules.defaults().withStartNotify(3));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.sent).isEmpty();
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);

        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.sent.get(0).alert().firstFailureAt()).isEqualTo(START);   // the streak's first failure
        assertThat(m.state.incident().orElseThrow().openedAt()).isEqualTo(START.plus(INTERVAL.multipliedBy(2)));
    }

    @Test
    void roundThatIsNotAnErrorBreaksTheStartNotifyStreak() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify()).withNotifyRules(NotifyRules.defaults().withStartNotify(2));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of(), INTERVAL);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.sent).isEmpty();
    }

    @Test
    void stopNotifyTwoSendsOpenAndOneReminderThenSilenceUntilClear() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify())
                .withNotifyRules(NotifyRules.defaults().withReminders(2, Duration.ofMinutes(1)));
        Tracked m = monitor(p, TWO);
        for (int i = 0; i < 20; i++) {                      // 10 minutes down, ticking between rounds
            m.round(Map.of("ams", DOWN), INTERVAL);
            m.tick();
        }
        assertThat(m.kindsSent()).containsExactly(OPEN, REMINDER);
        Alert reminder = m.sent.get(1).alert();
        assertThat(reminder.reminderNumber()).isEqualTo(1);
        assertThat(reminder.raisedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));

        Instant up = clock.instant();
        m.round(Map.of(), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN, REMINDER, CLEAR);
        Alert clear = m.sent.get(2).alert();
        assertThat(clear.status()).isEqualTo(StatusCode.OK);
        assertThat(clear.incidentId()).isEqualTo(m.sent.get(0).alert().incidentId());
        assertThat(clear.outage()).contains(Duration.between(START, up));
        assertThat(m.condition.state()).isEqualTo(MonitorState.UP);
    }

    @Test
    void remindersComeFromTicksWithoutRounds() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify())
                .withNotifyRules(NotifyRules.defaults().withReminders(3, Duration.ofMinutes(5)));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), Duration.ofMinutes(4));
        m.tick();
        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(IncidentTracker.nextWakeUp(m.state, p, clock.instant())).contains(START.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(1));
        m.tick();
        m.tick();
        assertThat(m.kindsSent()).containsExactly(OPEN, REMINDER);
    }

    @Test
    void restartDuringAnOpenIncidentSendsNoSecondOpenAndStillClears() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        String id = m.sent.get(0).alert().incidentId();

        m.restart();
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.tick();
        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.condition.incidentId()).contains(id);

        m.round(Map.of(), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN, CLEAR);
        assertThat(m.sent.get(1).alert().incidentId()).isEqualTo(id);
    }

    @Test
    void withoutNotifyOnClearRecoveryStillEndsTheIncidentInTheLogOnly() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify()).withNotifyRules(NotifyRules.defaults().withNotifyOnClear(false));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of(), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN, CLEAR);
        AlertIntent clear = m.sent.get(1);
        assertThat(clear.logOnly()).isTrue();
        assertThat(clear.alert().clearReason()).contains(ClearReason.RECOVERED);
        assertThat(m.sent.get(0).logOnly()).isFalse();
        assertThat(m.state.incident()).isEmpty();
    }

    @Test
    void aModeChangeReDecidesTheOpenIncidentAtTheNextRound() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), THREE);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        m.policy = mode(MonitoringMode.Sla.atLeast(2));

        assertThat(m.round(Map.of("ams", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);

        assertThat(m.kindsSent()).containsExactly(OPEN, CLEAR);
        assertThat(m.sent.get(1).alert().clearReason()).contains(ClearReason.RECOVERED);
        assertThat(m.sent.get(1).logOnly()).isFalse();
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        assertThat(m.condition.incidentId()).isEmpty();
    }

    @Test
    void aModeChangeUnderWhichTheRoundIsStillAnErrorKeepsTheSameIncident() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), THREE);
        m.round(Map.of("ams", DOWN), INTERVAL);
        String id = m.state.incident().orElseThrow().id();
        m.policy = mode(MonitoringMode.Sla.atLeast(1));

        m.round(Map.of("ams", DOWN), INTERVAL);
        m.restart();
        m.round(Map.of("fra", FLAKY, "ams", DOWN), INTERVAL);

        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.condition.incidentId()).contains(id);
    }

    @Test
    void aWarningRoundUnderTheSameRuleKeepsTheIncidentButItsFailingLineIsTheLatestRounds() {
        Tracked m = monitor(mode(MonitoringMode.Sla.atLeast(2)), THREE);
        m.round(Map.of("ams", DOWN, "fra", DOWN), INTERVAL);
        Instant second = clock.instant();

        assertThat(m.round(Map.of("nyc", DOWN), INTERVAL).verdict()).isEqualTo(Verdict.WARNING);

        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        assertThat(m.condition.failing()).extracting(LocationFailure::location).containsExactly("nyc");
        assertThat(m.condition.failing()).allMatch(f -> !f.at().isBefore(second));
    }

    @Test
    void endingAnOpenIncidentClearsItOnceWithTheReason() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        String id = m.state.incident().orElseThrow().id();

        AlertDecision d = IncidentTracker.onEnd(Tracked.SUBJECT, m.state, m.policy, ClearReason.PAUSED, clock.instant());

        assertThat(d.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(CLEAR);
            assertThat(a.alert().incidentId()).isEqualTo(id);
            assertThat(a.alert().clearReason()).contains(ClearReason.PAUSED);
            assertThat(a.logOnly()).isFalse();
        });
        assertThat(d.state()).isEqualTo(MonitorAlertState.initial());
        assertThat(IncidentTracker.onEnd(Tracked.SUBJECT, d.state(), m.policy, ClearReason.PAUSED, clock.instant()).alerts()).isEmpty();
    }

    @Test
    void warningRoundNeitherClearsNorExtendsAnOpenIncident() {
        Tracked m = monitor(AlertPolicy.defaults(), THREE);
        m.round(Map.of("ams", DOWN, "fra", DOWN, "nyc", DOWN), INTERVAL);
        m.round(Map.of("ams", DOWN), INTERVAL);                 // verified from fra: WARNING
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        assertThat(m.state.incident()).isPresent();
        m.round(Map.of(), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN, CLEAR);
    }

    @Test
    void monitorWhoseLocationsAllLackAgentsIsUnknownNotDown() {
        Tracked m = monitor(AlertPolicy.defaults(), TWO);
        m.round(Map.of("ams", NO_AGENT, "fra", NO_AGENT), INTERVAL);
        assertThat(m.condition.state()).isEqualTo(MonitorState.UNKNOWN);
        assertThat(m.sent).isEmpty();
    }

    @Test
    void unknownRoundsDoNotBreakAnErrorStreakNorCloseAnIncident() {
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify()).withNotifyRules(NotifyRules.defaults().withStartNotify(2));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of("ams", NO_AGENT, "fra", NO_AGENT), INTERVAL);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN);
        m.round(Map.of("ams", NO_AGENT, "fra", NO_AGENT), INTERVAL);
        assertThat(m.state.incident()).isPresent();
        assertThat(m.kindsSent()).containsExactly(OPEN);
    }

    // --- blackouts ---------------------------------------------------------------------------

    @Test
    void outageStillOpenWhenAnAlertOnlyBlackoutEndsIsAlertedThen() {
        Blackout window = new Blackout.OneOff(START, START.plus(Duration.ofMinutes(10)), BlackoutEffect.STOP_ALERTING);
        AlertPolicy p = mode(new MonitoringMode.GlobalNotify()).withBlackouts(List.of(window));
        Tracked m = monitor(p, TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.sent).isEmpty();
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
        assertThat(IncidentTracker.nextWakeUp(m.state, p, clock.instant())).contains(START.plus(Duration.ofMinutes(10)));

        clock.advance(Duration.ofMinutes(10));
        m.tick();
        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.sent.get(0).alert().firstFailureAt()).isEqualTo(START);
        assertThat(m.sent.get(0).alert().raisedAt()).isEqualTo(START.plus(Duration.ofMinutes(10)).plus(INTERVAL));
    }

    @Test
    void outageThatEndsInsideABlackoutIsNeverAlerted() {
        Blackout window = new Blackout.OneOff(START, START.plus(Duration.ofMinutes(10)), BlackoutEffect.STOP_ALERTING);
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()).withBlackouts(List.of(window)), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of(), INTERVAL);
        clock.advance(Duration.ofMinutes(10));
        m.tick();
        assertThat(m.sent).isEmpty();
    }

    @Test
    void clearOfAnAlertedOutageIsSentEvenDuringABlackout() {
        Blackout window = new Blackout.OneOff(START.plus(INTERVAL), START.plus(Duration.ofHours(1)), BlackoutEffect.STOP_ALERTING);
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()).withBlackouts(List.of(window)), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.round(Map.of(), INTERVAL);
        assertThat(m.kindsSent()).containsExactly(OPEN, CLEAR);
    }

    @Test
    void probingBlackoutShowsBlackoutUntilItsEnd() {
        Blackout window = Blackout.parse("weekly mon 09:00-11:00 UTC stop-probing");   // START is a Monday 10:00
        AlertPolicy p = AlertPolicy.defaults().withBlackouts(List.of(window));
        assertThat(p.probingStopped(START)).isTrue();
        MonitorCondition c = IncidentTracker.onTick(Tracked.SUBJECT, MonitorAlertState.initial(), p, START).condition();
        assertThat(c.state()).isEqualTo(MonitorState.BLACKOUT);
        assertThat(c.blackoutUntil()).contains(Instant.parse("2024-06-03T11:00:00Z"));
    }

    // --- state ------------------------------------------------------------------------------

    @Test
    void storedStateReadsBackEqual() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify())
                .withNotifyRules(NotifyRules.defaults().withReminders(3, Duration.ofMinutes(1))), TWO);
        m.round(Map.of("ams", DOWN, "fra", DOWN), Duration.ofMinutes(2));
        m.tick();
        String json = AlertStateJson.write(m.state);
        assertThat(AlertStateJson.read(json)).isEqualTo(m.state);
        assertThat(AlertStateJson.read(AlertStateJson.write(MonitorAlertState.initial()))).isEqualTo(MonitorAlertState.initial());
    }

    @Test
    void verdictFedDirectlyOpensAtTheFirstFailureOfTheRound() {
        LocationFailure f = new LocationFailure("ams", FailureReason.TIMED_OUT, START.minusSeconds(3));
        AlertDecision d = IncidentTracker.onVerdict(Tracked.SUBJECT, MonitorAlertState.initial(),
                RoundVerdict.error(START.minusSeconds(5), List.of(f)), AlertPolicy.defaults(), START);
        assertThat(d.alerts()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(OPEN);
            assertThat(a.alert().firstFailureAt()).isEqualTo(START.minusSeconds(3));
            assertThat(a.recipients()).isEmpty();
        });
        assertThat(d.condition().since()).contains(START.minusSeconds(3));
    }

    @Test
    void verifyAndRetryProbesAreMarkedInHistory() {
        Tracked m = monitor(AlertPolicy.defaults(), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);
        assertThat(m.history).extracting(r -> r.location() + " " + r.kind())
                .containsExactly("ams SCHEDULED", "fra SCHEDULED", "ams RETRY", "fra VERIFY");
        assertThat(m.history).filteredOn(r -> r.kind() == ResultKind.VERIFY).singleElement()
                .satisfies(r -> assertThat(r.outcome().connected()).isTrue());
    }

    // --- --alert-when ----------------------------------------------------------------------

    @Test
    void alertWhenTwoMinutesInTenOpensWhenTheFailingTimeAddsUpEvenAcrossARestart() {
        Tracked m = monitor(mode(new MonitoringMode.GlobalNotify()).withAlertWhen(Optional.of(AlertWindow.parse("2m in 10m"))), TWO);
        m.round(Map.of("ams", DOWN), INTERVAL);   // 0s failing: a lone error round
        m.round(Map.of("ams", DOWN), INTERVAL);   // 30s
        m.round(Map.of(), INTERVAL);              // passes: the failing period ends
        m.round(Map.of("ams", DOWN), INTERVAL);
        m.restart();
        m.round(Map.of("ams", DOWN), INTERVAL);   // 1m
        assertThat(m.condition.state()).isEqualTo(MonitorState.WARNING);
        m.round(Map.of("ams", DOWN), INTERVAL);   // 1m30s
        assertThat(m.sent).isEmpty();
        // Below the window and failing a third round in a row: REGIONAL (on by default, not alerted by default).
        assertThat(m.condition.state()).isEqualTo(MonitorState.REGIONAL);

        m.round(Map.of("ams", DOWN), INTERVAL);   // 2m within the latest 10m

        assertThat(m.kindsSent()).containsExactly(OPEN);
        assertThat(m.sent.get(0).alert().firstFailureAt()).isEqualTo(START);
        assertThat(m.condition.state()).isEqualTo(MonitorState.DOWN);
    }

    @Test
    void alertWhenLeavesAHealthyMonitorsStateUnchangedRoundAfterRound() {
        Tracked m = monitor(AlertPolicy.defaults().withAlertWhen(Optional.of(AlertWindow.parse("3 of 5"))), TWO);
        m.round(Map.of(), INTERVAL);
        MonitorAlertState up = m.state;
        for (int i = 0; i < 5; i++) {
            m.round(Map.of(), INTERVAL);
        }
        assertThat(m.state).isEqualTo(up);
    }
}
