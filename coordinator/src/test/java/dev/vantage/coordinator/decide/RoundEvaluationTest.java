package dev.vantage.coordinator.decide;

import static dev.vantage.common.model.ResultKind.RETRY;
import static dev.vantage.common.model.ResultKind.SCHEDULED;
import static dev.vantage.common.model.ResultKind.VERIFY;
import static dev.vantage.coordinator.decide.Results.connected;
import static dev.vantage.coordinator.decide.Results.failed;
import static dev.vantage.coordinator.decide.Results.noAgent;
import static dev.vantage.coordinator.decide.Results.refused;
import static dev.vantage.coordinator.decide.Results.unhealthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitoringMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RoundEvaluationTest {
    private static final Instant DUE = Instant.parse("2024-06-03T10:00:00Z");
    private static final Instant T1 = DUE.plusMillis(100);
    private static final Instant T2 = DUE.plusMillis(200);
    private static final Instant T3 = DUE.plusMillis(300);
    private static final List<String> THREE = List.of("ams", "fra", "nyc");
    private static final List<String> TWO = List.of("ams", "fra");

    private static RoundEvaluation round(MonitoringMode mode, List<String> locations) {
        return RoundEvaluation.begin(AlertPolicy.defaults().withMode(mode), locations, DUE);
    }

    @Nested
    class GlobalVerify {
        private final RoundEvaluation round = round(new MonitoringMode.GlobalVerify(), THREE);

        @Test
        void everyLocationProbesAndAllConnectingIsOk() {
            assertThat(round.initialProbes()).containsExactly(new Probe("ams", SCHEDULED), new Probe("fra", SCHEDULED),
                    new Probe("nyc", SCHEDULED));
            for (String l : THREE) {
                assertThat(round.accept(connected(l, SCHEDULED, T1))).isEmpty();
            }
            assertThat(round.isComplete()).isTrue();
            assertThat(round.verdict()).isEqualTo(RoundVerdict.ok(DUE).withConnected(THREE, List.of()));
        }

        @Test
        void failureIsRetriedLocallyThenVerifiedFromAnotherLocation() {
            assertThat(round.accept(refused("ams", SCHEDULED, T1))).containsExactly(new Probe("ams", RETRY));
            assertThat(round.accept(refused("ams", RETRY, T2))).containsExactly(new Probe("fra", VERIFY));
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            assertThat(round.isComplete()).isFalse();
            assertThat(round.accept(connected("fra", VERIFY, T3))).isEmpty();

            assertThat(round.verdict()).isEqualTo(RoundVerdict.warning(DUE,
                    List.of(new LocationFailure("ams", FailureReason.REFUSED, T2))).withConnected(List.of("fra", "nyc"), List.of()));
        }

        @Test
        void failureConfirmedByTheVerifyingLocationIsAnError() {
            round.accept(failed("ams", SCHEDULED, T1, FailureReason.TIMED_OUT));
            round.accept(failed("ams", RETRY, T2, FailureReason.TIMED_OUT));
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            round.accept(refused("fra", VERIFY, T3));

            RoundVerdict v = round.verdict();
            assertThat(v.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(v.failing()).containsExactly(new LocationFailure("ams", FailureReason.TIMED_OUT, T2));
        }

        @Test
        void transientFailureTheRetryDoesNotConfirmIsOk() {
            round.accept(refused("ams", SCHEDULED, T1));
            assertThat(round.accept(connected("ams", RETRY, T2))).isEmpty();
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));

            assertThat(round.verdict().verdict()).isEqualTo(Verdict.OK);
        }

        @Test
        void whenEveryLocationFailedNoVerificationIsNeeded() {
            for (String l : THREE) {
                round.accept(refused(l, SCHEDULED, T1));
            }
            for (String l : THREE) {
                assertThat(round.accept(refused(l, RETRY, T2))).isEmpty();
            }
            RoundVerdict v = round.verdict();
            assertThat(v.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(v.failing()).extracting(LocationFailure::location).containsExactlyElementsOf(THREE);
        }

        @Test
        void verifyingLocationSkipsLocationsThatFailedThisRound() {
            round.accept(refused("fra", SCHEDULED, T1));
            round.accept(refused("nyc", SCHEDULED, T1));
            // nyc's next is ams; fra is still retrying, so it would not have been picked either
            assertThat(round.accept(refused("nyc", RETRY, T2))).containsExactly(new Probe("ams", VERIFY));
            // fra's next is nyc, which failed: fra joins the verification ams is already running
            assertThat(round.accept(refused("fra", RETRY, T2))).isEmpty();
            round.accept(connected("ams", SCHEDULED, T1));
            round.accept(refused("ams", VERIFY, T3));
            assertThat(round.verdict().failing()).extracting(LocationFailure::location).containsExactly("fra", "nyc");
        }

        @Test
        void oneVerificationServesEveryFailureWaitingOnIt() {
            RoundEvaluation r = RoundEvaluation.begin(AlertPolicy.defaults().withLocalRetry(false)
                    .withMode(new MonitoringMode.GlobalVerify()), THREE, DUE);
            assertThat(r.accept(refused("fra", SCHEDULED, T1))).containsExactly(new Probe("nyc", VERIFY));
            assertThat(r.accept(refused("ams", SCHEDULED, T1))).isEmpty(); // waits on the verification already running
            r.accept(connected("nyc", SCHEDULED, T1));
            r.accept(connected("nyc", VERIFY, T2));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.WARNING);
            assertThat(r.verdict().unconfirmed()).extracting(LocationFailure::location).containsExactlyInAnyOrder("ams", "fra");
        }

        @Test
        void verificationWithoutAgentMovesOnToTheNextLocation() {
            round.accept(refused("ams", SCHEDULED, T1));
            round.accept(refused("ams", RETRY, T2));
            assertThat(round.accept(noAgent("fra", VERIFY, T3))).containsExactly(new Probe("nyc", VERIFY));
            round.accept(noAgent("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            round.accept(refused("nyc", VERIFY, T3));
            assertThat(round.verdict().verdict()).isEqualTo(Verdict.ERROR);
        }

        @Test
        void failureNobodyCanVerifyCounts() {
            RoundEvaluation single = round(new MonitoringMode.GlobalVerify(), List.of("ams"));
            single.accept(refused("ams", SCHEDULED, T1));
            assertThat(single.accept(refused("ams", RETRY, T2))).isEmpty();
            assertThat(single.verdict().verdict()).isEqualTo(Verdict.ERROR);
        }

        @Test
        void withoutLocalRetryAFailureGoesStraightToVerification() {
            RoundEvaluation r = RoundEvaluation.begin(AlertPolicy.defaults().withLocalRetry(false), TWO, DUE);
            assertThat(r.accept(refused("ams", SCHEDULED, T1))).containsExactly(new Probe("fra", VERIFY));
        }
    }

    @Test
    void noAgentAnywhereIsUnknownNotAnError() {
        RoundEvaluation r = round(new MonitoringMode.GlobalNotify(), TWO);
        assertThat(r.accept(noAgent("ams", SCHEDULED, T1))).isEmpty();
        r.accept(noAgent("fra", SCHEDULED, T1));
        assertThat(r.verdict()).isEqualTo(RoundVerdict.unknown(DUE));
    }

    @Test
    void noAgentAtOneLocationCountsNeitherWay() {
        RoundEvaluation r = round(new MonitoringMode.GlobalNotify(), TWO);
        r.accept(noAgent("ams", SCHEDULED, T1));
        r.accept(connected("fra", SCHEDULED, T1));
        assertThat(r.verdict().verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void retryWithoutAgentLeavesTheFailureStanding() {
        RoundEvaluation r = round(new MonitoringMode.GlobalNotify(), TWO);
        r.accept(refused("ams", SCHEDULED, T1));
        r.accept(noAgent("ams", RETRY, T2));
        r.accept(connected("fra", SCHEDULED, T1));
        assertThat(r.verdict().failing()).containsExactly(new LocationFailure("ams", FailureReason.REFUSED, T1));
    }

    @Test
    void globalNotifyCountsAnyLocationsFailureWithoutVerifying() {
        RoundEvaluation r = round(new MonitoringMode.GlobalNotify(), THREE);
        r.accept(refused("ams", SCHEDULED, T1));
        assertThat(r.accept(refused("ams", RETRY, T2))).isEmpty();
        r.accept(connected("fra", SCHEDULED, T1));
        r.accept(connected("nyc", SCHEDULED, T1));
        assertThat(r.verdict().verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.verdict().failing()).extracting(LocationFailure::location).containsExactly("ams");
    }

    /** Results from a DEGRADED location (its canaries fail) are left out of the decision, whatever they found. */
    @Nested
    class UnhealthyLocation {
        @Test
        void aFailureFromAnUnhealthyLocationIsNeitherCountedNorShownAsFailing() {
            RoundEvaluation round = round(new MonitoringMode.GlobalNotify(), THREE);
            assertThat(round.accept(unhealthy(refused("ams", SCHEDULED, T1)))).isEmpty();
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));

            // The unhealthy location neither failed nor connected: it breaks no REGIONAL streak either.
            assertThat(round.verdict()).isEqualTo(RoundVerdict.ok(DUE).withConnected(List.of("fra", "nyc"), List.of()));
        }

        @Test
        void underSlaTheUnhealthyLocationDoesNotCountTowardsTheThreshold() {
            RoundEvaluation round = round(MonitoringMode.Sla.atLeast(2), THREE);
            round.accept(unhealthy(refused("ams", SCHEDULED, T1)));
            round.accept(refused("fra", SCHEDULED, T1));
            round.accept(refused("fra", RETRY, T2));
            round.accept(connected("nyc", SCHEDULED, T1));

            assertThat(round.verdict()).isEqualTo(RoundVerdict.warning(DUE, List.of(new LocationFailure("fra", FailureReason.REFUSED, T2)))
                    .withConnected(List.of("nyc"), List.of()));
        }

        @Test
        void aLocationFoundUnhealthyAtItsRetryDropsItsFirstFailureToo() {
            RoundEvaluation round = round(new MonitoringMode.GlobalNotify(), TWO);
            assertThat(round.accept(refused("ams", SCHEDULED, T1))).containsExactly(new Probe("ams", RETRY));
            round.accept(unhealthy(refused("ams", RETRY, T2)));
            round.accept(connected("fra", SCHEDULED, T1));

            assertThat(round.verdict()).isEqualTo(RoundVerdict.ok(DUE).withConnected(List.of("fra"), List.of()));
        }

        @Test
        void anUnhealthyVerifierIsSkippedForTheNextLocation() {
            RoundEvaluation round = round(new MonitoringMode.GlobalVerify(), THREE);
            round.accept(refused("ams", SCHEDULED, T1));
            assertThat(round.accept(refused("ams", RETRY, T2))).containsExactly(new Probe("fra", VERIFY));
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            assertThat(round.accept(unhealthy(refused("fra", VERIFY, T3)))).containsExactly(new Probe("nyc", VERIFY));
            round.accept(refused("nyc", VERIFY, T3));

            assertThat(round.verdict().failing()).containsExactly(new LocationFailure("ams", FailureReason.REFUSED, T2));
        }

        @Test
        void aRoundWhereEveryLocationIsUnhealthyIsUnknown() {
            RoundEvaluation round = round(new MonitoringMode.GlobalVerify(), TWO);
            round.accept(unhealthy(refused("ams", SCHEDULED, T1)));
            round.accept(unhealthy(connected("fra", SCHEDULED, T1)));

            assertThat(round.verdict()).isEqualTo(RoundVerdict.unknown(DUE));
        }
    }

    @Nested
    class Sla {
        @Test
        void fewerFailuresThanTheThresholdAreAWarning() {
            RoundEvaluation r = round(MonitoringMode.Sla.atLeast(2), THREE);
            r.accept(refused("ams", SCHEDULED, T1));
            assertThat(r.accept(refused("ams", RETRY, T2))).isEmpty();
            r.accept(connected("fra", SCHEDULED, T1));
            r.accept(connected("nyc", SCHEDULED, T1));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.WARNING);
        }

        @Test
        void failuresReachingTheThresholdAreAnError() {
            RoundEvaluation r = round(MonitoringMode.Sla.atLeast(2), THREE);
            r.accept(refused("ams", SCHEDULED, T1));
            r.accept(refused("ams", RETRY, T2));
            r.accept(refused("fra", SCHEDULED, T1));
            r.accept(refused("fra", RETRY, T2));
            r.accept(connected("nyc", SCHEDULED, T1));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.ERROR);
            assertThat(r.verdict().failing()).extracting(LocationFailure::location).containsExactly("ams", "fra");
        }

        @Test
        void failuresTheRetryClearsDoNotCountTowardsTheThreshold() {
            RoundEvaluation r = round(MonitoringMode.Sla.atLeast(2), TWO);
            r.accept(refused("ams", SCHEDULED, T1));
            r.accept(refused("ams", RETRY, T2));
            r.accept(refused("fra", SCHEDULED, T1));
            r.accept(connected("fra", RETRY, T2));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.WARNING);
        }

        @Test
        void allMeansEveryLocationThatAnswered() {
            RoundEvaluation r = round(MonitoringMode.Sla.all(), THREE);
            r.accept(noAgent("nyc", SCHEDULED, T1));
            r.accept(refused("ams", SCHEDULED, T1));
            r.accept(refused("ams", RETRY, T2));
            r.accept(refused("fra", SCHEDULED, T1));
            r.accept(refused("fra", RETRY, T2));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.ERROR);
        }
    }

    @Nested
    class Primary {
        private final RoundEvaluation round = round(new MonitoringMode.Primary("fra"), THREE);

        @Test
        void failuresAwayFromHomeAreOnlyAWarningAndNotVerified() {
            round.accept(refused("ams", SCHEDULED, T1));
            assertThat(round.accept(refused("ams", RETRY, T2))).isEmpty();
            round.accept(connected("fra", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            assertThat(round.verdict().verdict()).isEqualTo(Verdict.WARNING);
        }

        @Test
        void homeFailureIsVerifiedAndCountsWhenConfirmed() {
            round.accept(refused("fra", SCHEDULED, T1));
            assertThat(round.accept(refused("fra", RETRY, T2))).containsExactly(new Probe("nyc", VERIFY));
            round.accept(connected("ams", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            round.accept(refused("nyc", VERIFY, T3));
            assertThat(round.verdict().verdict()).isEqualTo(Verdict.ERROR);
            assertThat(round.verdict().failing()).extracting(LocationFailure::location).containsExactly("fra");
        }

        @Test
        void homeFailureTheVerifierReachesIsAWarning() {
            round.accept(refused("fra", SCHEDULED, T1));
            round.accept(refused("fra", RETRY, T2));
            round.accept(connected("ams", SCHEDULED, T1));
            round.accept(connected("nyc", SCHEDULED, T1));
            round.accept(connected("nyc", VERIFY, T3));
            assertThat(round.verdict().verdict()).isEqualTo(Verdict.WARNING);
        }
    }

    @Nested
    class RoundRobin {
        private final AlertPolicy policy = AlertPolicy.defaults().withMode(new MonitoringMode.RoundRobin());

        private RoundEvaluation rr(RoundRobinState state) {
            return RoundEvaluation.begin(policy, THREE, DUE, state);
        }

        @Test
        void oneLocationProbesPerRoundInTurn() {
            RoundRobinState s = RoundRobinState.initial();
            for (String expected : List.of("ams", "fra", "nyc", "ams")) {
                assertThat(s.turn(THREE)).isEqualTo(expected);
                RoundEvaluation r = rr(s);
                assertThat(r.initialProbes()).containsExactly(new Probe(expected, SCHEDULED));
                r.accept(connected(expected, SCHEDULED, T1));
                s = r.nextRoundRobinState();
            }
        }

        @Test
        void oneFailingLocationAloneIsOnlyEverAWarning() {
            RoundRobinState s = RoundRobinState.initial();
            for (int i = 0; i < 6; i++) {
                RoundEvaluation r = rr(s);
                String l = s.turn(THREE);
                if (l.equals("fra")) {
                    r.accept(refused(l, SCHEDULED, T1));
                    r.accept(refused(l, RETRY, T2));
                    assertThat(r.verdict().verdict()).isEqualTo(Verdict.WARNING);
                } else {
                    r.accept(connected(l, SCHEDULED, T1));
                    assertThat(r.verdict().verdict()).isEqualTo(Verdict.OK);
                }
                s = r.nextRoundRobinState();
            }
        }

        @Test
        void twoLocationsFailingInARowIsAnError() {
            RoundEvaluation first = rr(RoundRobinState.initial());
            first.accept(refused("ams", SCHEDULED, T1));
            first.accept(refused("ams", RETRY, T2));
            assertThat(first.verdict().verdict()).isEqualTo(Verdict.WARNING);
            RoundRobinState afterFirst = first.nextRoundRobinState();
            assertThat(afterFirst).isEqualTo(new RoundRobinState(1, Optional.of("ams")));

            RoundEvaluation second = rr(afterFirst);
            second.accept(refused("fra", SCHEDULED, T1));
            assertThat(second.accept(refused("fra", RETRY, T2))).isEmpty(); // no verification in round-robin
            assertThat(second.verdict().verdict()).isEqualTo(Verdict.ERROR);
            assertThat(second.verdict().failing()).extracting(LocationFailure::location).containsExactly("fra");
        }

        @Test
        void locationWithoutAgentHandsItsTurnToTheNext() {
            RoundEvaluation r = rr(new RoundRobinState(1, Optional.of("ams")));
            assertThat(r.accept(noAgent("fra", SCHEDULED, T1))).containsExactly(new Probe("nyc", SCHEDULED));
            r.accept(refused("nyc", SCHEDULED, T2));
            r.accept(refused("nyc", RETRY, T3));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.ERROR);
            assertThat(r.nextRoundRobinState()).isEqualTo(new RoundRobinState(0, Optional.of("nyc")));
        }

        @Test
        void roundWhereNoLocationAnsweredKeepsTheRememberedFailure() {
            RoundEvaluation r = RoundEvaluation.begin(policy, TWO, DUE, new RoundRobinState(1, Optional.of("ams")));
            assertThat(r.accept(noAgent("fra", SCHEDULED, T1))).containsExactly(new Probe("ams", SCHEDULED));
            r.accept(noAgent("ams", SCHEDULED, T1));
            assertThat(r.verdict().verdict()).isEqualTo(Verdict.UNKNOWN);
            assertThat(r.nextRoundRobinState().lastFailedLocation()).contains("ams");
        }
    }

    @Test
    void resultTheRoundDidNotAskForIsRefused() {
        RoundEvaluation r = round(new MonitoringMode.GlobalVerify(), TWO);
        assertThatThrownBy(() -> r.accept(connected("ams", RETRY, T1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no retry is outstanding");
        assertThatThrownBy(() -> r.accept(connected("lon", SCHEDULED, T1))).isInstanceOf(IllegalStateException.class);
        r.accept(connected("ams", SCHEDULED, T1));
        assertThatThrownBy(() -> r.accept(connected("ams", SCHEDULED, T1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void verdictWaitsForEveryResult() {
        RoundEvaluation r = round(new MonitoringMode.GlobalVerify(), TWO);
        r.accept(connected("ams", SCHEDULED, T1));
        assertThat(r.isComplete()).isFalse();
        assertThatThrownBy(r::verdict).isInstanceOf(IllegalStateException.class).hasMessageContaining("still waits");
    }
}
