package dev.vantage.coordinator.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DispatcherTest {
    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final List<ProbeResult> results = new ArrayList<>();
    /** Resends stored by the dispatcher (results of jobs it does not hold). */
    private final List<ProbeResult> resent = new ArrayList<>();
    /** Monitor 1 probes from eu-west, as far as resends go. */
    private final Dispatcher dispatcher = new Dispatcher(1, clock, Set.of("eu-west", "us-east"), 3, Duration.ofSeconds(10), Duration.ofSeconds(4),
            Duration.ofSeconds(2), (j, at) -> { }, (location, monitor, due) -> monitor == 1 && location.equals("eu-west"), resent::add);

    /** Collects what the dispatcher pushes to one agent. */
    private static final class RecordingSender implements JobSender {
        final List<Job> sent = new ArrayList<>();
        String disconnected;

        @Override
        public void send(List<Job> jobs) {
            sent.addAll(jobs);
        }

        @Override
        public void disconnect(String reason) {
            disconnected = reason;
        }
    }

    private Job job(String location) {
        return new Job(dispatcher.newJobId(), 1, location, new ProbeTarget("127.0.0.1", 80, Duration.ofSeconds(2)),
                ResultKind.SCHEDULED, clock.instant(), clock.millis() + 5_000, results::add);
    }

    private AgentSession agent(String id, String location, int maxInFlight, RecordingSender sender) {
        return dispatcher.connect(new AgentInfo(id, location, "test", "host", List.of("10.0.0.1"), maxInFlight, "127.0.0.1:1", clock.instant()), sender);
    }

    private static AgentOutcome ok(Job j) {
        return new AgentOutcome(j.jobId(), j.monitorId(), j.kind(), j.dueAt(), ProbeOutcome.connected(1_000, "127.0.0.1:80", START));
    }

    private Job onDemand(String location) {
        return new Job(dispatcher.newJobId(), 1, location, new ProbeTarget("127.0.0.1", 80, Duration.ofSeconds(2)),
                ResultKind.ON_DEMAND, clock.instant(), clock.millis() + 2_000, results::add);
    }

    @Test
    void jobIdsOfALaterEpochNeverRepeatThoseOfAnEarlierOne() {
        Dispatcher earlier = new Dispatcher(6, clock, Set.of("eu-west"), 3, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(2), (j, at) -> { }, (l, m, d) -> false, r -> { });
        Dispatcher later = new Dispatcher(7, clock, Set.of("eu-west"), 3, Duration.ofSeconds(10), Duration.ofSeconds(4), Duration.ofSeconds(2), (j, at) -> { }, (l, m, d) -> false, r -> { });

        long first = earlier.newJobId();
        assertThat(first).isEqualTo((6L << 40) | 1);
        assertThat(earlier.newJobId()).isEqualTo(first + 1);
        assertThat(later.newJobId()).isEqualTo((7L << 40) | 1).isGreaterThan(first + (1L << 39));
    }

    @Test
    void aStoppedDispatcherHandsNothingOutAndEndsNoJobAsNoAgentAvailable() {
        RecordingSender eu = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 1, eu);
        Job held = job("eu-west");
        Job waiting = job("eu-west");
        dispatcher.submit(List.of(held, waiting));
        assertThat(eu.sent).containsExactly(held);

        assertThat(dispatcher.stop()).as("jobs dropped").isEqualTo(2);
        dispatcher.submit(List.of(job("eu-west"), onDemand("us-east")));
        dispatcher.disconnect(a, "coordinator shutting down");

        // their rounds are the next coordinator's to run again; a "no agent available" row would stand in for them
        assertThat(eu.sent).containsExactly(held);
        assertThat(results).isEmpty();
        assertThat(dispatcher.jobsPending()).isZero();
    }

    @Test
    void aTestOnDemandFromALocationWithoutAgentsYieldsNoAgentAvailableAtOnce() {
        dispatcher.submit(List.of(onDemand("eu-west")));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE);
            assertThat(r.outcome().reason()).isEqualTo(FailureReason.NO_AGENT);
            assertThat(r.location()).isEqualTo("eu-west");
        });
    }

    @Test
    void aScheduledJobWaitsForAnAgentToConnectUntilItIsStale() {
        Job first = job("eu-west");
        Job second = job("us-east");
        dispatcher.submit(List.of(first, second));
        assertThat(results).isEmpty();

        RecordingSender sender = new RecordingSender();
        agent("a1", "eu-west", 10, sender);
        assertThat(sender.sent).containsExactly(first);

        clock.advance(Duration.ofSeconds(6));
        dispatcher.expire();
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.location()).isEqualTo("us-east");
            assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE);
        });
    }

    @Test
    void pastTheReconnectGraceALocationWithoutAgentsAnswersAtOnce() {
        clock.advance(Duration.ofSeconds(5));

        dispatcher.submit(List.of(job("us-east")));

        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE));
    }

    @Test
    void waitingJobsEndAsNoAgentWhenTheReconnectGraceRunsOutBeforeTheyAreStale() {
        RecordingSender sender = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 10, sender);
        clock.advance(Duration.ofSeconds(30));
        dispatcher.disconnect(a, "test");
        dispatcher.submit(List.of(new Job(dispatcher.newJobId(), 1, "eu-west", new ProbeTarget("127.0.0.1", 80, Duration.ofSeconds(2)),
                ResultKind.SCHEDULED, clock.instant(), clock.millis() + 30_000, results::add)));
        assertThat(results).isEmpty();

        clock.advance(Duration.ofSeconds(4));
        dispatcher.expire();

        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE));
    }

    @Test
    void anAgentNeverHoldsMoreThanItsMaxInFlight() {
        RecordingSender sender = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 2, sender);

        dispatcher.submit(List.of(job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west")));
        assertThat(sender.sent).hasSize(2);
        assertThat(a.inFlight()).isEqualTo(2);

        dispatcher.complete(a, List.of(ok(sender.sent.get(0))));
        assertThat(sender.sent).hasSize(3);
        assertThat(results).singleElement().satisfies(r -> assertThat(r.agentId()).isEqualTo("a1"));
        assertThat(a.inFlight()).isEqualTo(2);
    }

    @Test
    void jobsWaitingForCreditPastTheirDeadlineBecomeNoAgentResults() {
        RecordingSender sender = new RecordingSender();
        agent("a1", "eu-west", 1, sender);
        dispatcher.submit(List.of(job("eu-west"), job("eu-west")));
        assertThat(sender.sent).hasSize(1);

        clock.advance(Duration.ofSeconds(6));
        dispatcher.expire();

        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE));
    }

    @Test
    void theWaitingQueueIsBoundedAndOverflowEndsAsNoAgent() {
        agent("a1", "eu-west", 1, new RecordingSender());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            jobs.add(job("eu-west"));
        }
        dispatcher.submit(jobs);

        // one pushed, three waiting (the bound), two over it
        assertThat(results).hasSize(2).allMatch(r -> r.outcome().status() == StatusCode.NO_AGENT_AVAILABLE);
    }

    @Test
    void anAgentThatDoesNotAnswerInTimeIsGivenUpOnAndItsCreditFreed() {
        RecordingSender sender = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 1, sender);
        dispatcher.submit(List.of(job("eu-west")));

        clock.advance(Duration.ofSeconds(13));
        dispatcher.expire();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE);
            assertThat(r.agentId()).isEqualTo("a1");
        });
        assertThat(a.inFlight()).isZero();
        // a late answer is ignored, not counted twice
        dispatcher.complete(a, List.of(ok(sender.sent.get(0))));
        assertThat(results).hasSize(1);
    }

    @Test
    void jobsOfADisconnectedAgentGoToAnotherAgentOfTheLocation() {
        RecordingSender first = new RecordingSender();
        RecordingSender second = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 10, first);
        dispatcher.submit(List.of(job("eu-west")));
        assertThat(first.sent).hasSize(1);
        AgentSession b = agent("b1", "eu-west", 10, second);

        dispatcher.disconnect(a, "test");

        assertThat(second.sent).hasSize(1);
        dispatcher.complete(b, List.of(ok(second.sent.get(0))));
        assertThat(results).singleElement().satisfies(r -> assertThat(r.agentId()).isEqualTo("b1"));
    }

    @Test
    void jobsGoToTheAgentWithTheMostFreeCreditSoEveryAgentFillsByRoomLeft() {
        RecordingSender small = new RecordingSender();
        RecordingSender medium = new RecordingSender();
        RecordingSender large = new RecordingSender();
        agent("small", "eu-west", 2, small);
        agent("medium", "eu-west", 4, medium);
        agent("large", "eu-west", 6, large);

        dispatcher.submit(List.of(job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west")));

        // free credit 2/4/6 -> large until 4, then medium and large in turn: 0, 2, 4 held
        assertThat(List.of(small.sent.size(), medium.sent.size(), large.sent.size())).containsExactly(0, 2, 4);

        dispatcher.submit(List.of(job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west"), job("eu-west")));

        // each agent full: no agent ever holds more than its max_in_flight
        assertThat(List.of(small.sent.size(), medium.sent.size(), large.sent.size())).containsExactly(2, 4, 6);
    }

    @Test
    void agentsWithEqualRoomTakeJobsInTurnEvenOneJobAtATime() {
        RecordingSender first = new RecordingSender();
        RecordingSender second = new RecordingSender();
        RecordingSender third = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 10, first);
        AgentSession b = agent("b1", "eu-west", 10, second);
        AgentSession c = agent("c1", "eu-west", 10, third);

        for (int i = 0; i < 6; i++) {
            dispatcher.submit(List.of(job("eu-west")));
            for (AgentSession s : List.of(a, b, c)) {
                RecordingSender sender = s == a ? first : s == b ? second : third;
                if (s.inFlight() > 0) {
                    dispatcher.complete(s, List.of(ok(sender.sent.get(sender.sent.size() - 1))));
                }
            }
        }

        assertThat(List.of(first.sent.size(), second.sent.size(), third.sent.size())).containsExactly(2, 2, 2);
        assertThat(results).hasSize(6);
    }

    @Test
    void anAgentSilentWhileHoldingAJobPastItsTimeoutIsPresumedGoneAndItsJobGoesToAnotherAgent() {
        RecordingSender frozen = new RecordingSender();
        RecordingSender alive = new RecordingSender();
        AgentSession a = agent("frozen", "eu-west", 10, frozen);
        AgentSession b = agent("alive", "eu-west", 1, alive);
        dispatcher.submit(List.of(job("eu-west")));
        assertThat(frozen.sent).hasSize(1);

        // within the job's 2 s timeout nobody is presumed gone, however quiet
        clock.advance(Duration.ofMillis(1_900));
        assertThat(dispatcher.presumedGone()).isEmpty();
        // past the timeout, but heard from within the 2 s silence limit: still alive
        clock.advance(Duration.ofMillis(200));
        b.heard(clock.millis());
        a.heard(clock.millis() - 1_000);
        assertThat(dispatcher.presumedGone()).isEmpty();
        // silent for more than the limit while holding the overdue job
        clock.advance(Duration.ofMillis(1_500));
        b.heard(clock.millis());
        assertThat(dispatcher.presumedGone()).containsExactly(a);

        dispatcher.disconnect(a, "presumed gone");
        assertThat(alive.sent).hasSize(1);
        dispatcher.complete(b, List.of(ok(alive.sent.get(0))));
        dispatcher.complete(a, List.of(ok(frozen.sent.get(0))));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.agentId()).isEqualTo("alive");
            assertThat(r.outcome().status()).isEqualTo(StatusCode.OK);
        });
    }

    @Test
    void anIdleAgentIsNeverPresumedGoneHoweverQuiet() {
        agent("idle", "eu-west", 10, new RecordingSender());
        clock.advance(Duration.ofMinutes(5));
        assertThat(dispatcher.presumedGone()).isEmpty();
    }

    @Test
    void jobsOfTheLastAgentOfALocationEndAsNoAgentWhenItLeaves() {
        RecordingSender sender = new RecordingSender();
        AgentSession a = agent("a1", "us-east", 10, sender);
        dispatcher.submit(List.of(job("us-east"), job("eu-west")));

        dispatcher.disconnect(a, "test");
        clock.advance(Duration.ofSeconds(6));
        dispatcher.expire();

        assertThat(results).hasSize(2).allMatch(r -> r.outcome().status() == StatusCode.NO_AGENT_AVAILABLE);
    }

    @Test
    void lateAnswersToJobsGivenUpOnAreStoredWithoutDecidingAndResultsForJobsNeverGivenAreCounted() {
        RecordingSender sender = new RecordingSender();
        AgentSession a = agent("a1", "eu-west", 10, sender);
        Job late = job("eu-west");
        dispatcher.submit(List.of(late));
        clock.advance(Duration.ofSeconds(13));
        dispatcher.expire();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.outcome().status()).isEqualTo(StatusCode.NO_AGENT_AVAILABLE));

        assertThat(dispatcher.complete(a, List.of(ok(late)))).isZero();
        assertThat(dispatcher.complete(a, List.of(new AgentOutcome(late.jobId(), 0, ResultKind.SCHEDULED, Instant.EPOCH,
                ProbeOutcome.connected(1, "x", START))))).isEqualTo(1);
        assertThat(results).hasSize(1);
        assertThat(resent).singleElement().satisfies(r -> assertThat(r.outcome().status()).isEqualTo(StatusCode.OK));
    }

    @Test
    void anAgentThatReconnectsMayStillAnswerTheJobsItsOldStreamHeld() {
        RecordingSender first = new RecordingSender();
        AgentSession old = agent("a1", "eu-west", 1, first);
        RecordingSender other = new RecordingSender();
        agent("b1", "eu-west", 1, other);
        Job held = job("eu-west");
        dispatcher.submit(List.of(held));
        assertThat(first.sent).containsExactly(held);

        dispatcher.disconnect(old, "stream broke");
        AgentSession again = agent("a1", "eu-west", 1, new RecordingSender());

        assertThat(other.sent).containsExactly(held);
        assertThat(dispatcher.complete(again, List.of(ok(held)))).isZero();
        assertThat(dispatcher.complete(again, List.of(new AgentOutcome(999_999, 0, ResultKind.SCHEDULED, Instant.EPOCH,
                ProbeOutcome.connected(1, "x", START))))).isEqualTo(1);
    }

    @Test
    void aResendOfAJobAnEarlierCoordinatorGaveIsStoredAsItIsAndDecidesNothing() {
        AgentSession a = agent("a1", "eu-west", 5, new RecordingSender());
        Instant due = START.minusSeconds(30);
        AgentOutcome resend = new AgentOutcome(7, 1, ResultKind.VERIFY, due, ProbeOutcome.connected(2_000, "127.0.0.1:80", due));

        assertThat(dispatcher.complete(a, List.of(resend))).isZero();

        assertThat(results).isEmpty();
        assertThat(resent).singleElement().satisfies(r -> {
            assertThat(r.monitorId()).isEqualTo(1);
            assertThat(r.location()).isEqualTo("eu-west");
            assertThat(r.agentId()).isEqualTo("a1");
            assertThat(r.kind()).isEqualTo(ResultKind.VERIFY);
            assertThat(r.dueAt()).isEqualTo(due);
        });
    }

    @Test
    void aResendNoMonitorOfTheLocationMayHaveIsDroppedWithoutDisconnectingTheAgent() {
        AgentSession a = agent("a1", "us-east", 5, new RecordingSender());
        AgentOutcome resend = new AgentOutcome(7, 1, ResultKind.SCHEDULED, START, ProbeOutcome.connected(2_000, "127.0.0.1:80", START));

        assertThat(dispatcher.complete(a, List.of(resend))).isZero();

        assertThat(resent).isEmpty();
        assertThat(results).isEmpty();
    }

    @Test
    void aResultWithTheIdOfAJobInFlightButAnotherIdentityDoesNotAnswerThatJob() {
        AgentSession a = agent("a1", "eu-west", 5, new RecordingSender());
        Job current = job("eu-west");
        dispatcher.submit(List.of(current));
        Instant earlier = START.minusSeconds(60);
        AgentOutcome fromEarlierCoordinator = new AgentOutcome(current.jobId(), 1, ResultKind.SCHEDULED, earlier,
                ProbeOutcome.connected(2_000, "127.0.0.1:80", earlier));

        assertThat(dispatcher.complete(a, List.of(fromEarlierCoordinator))).isZero();

        assertThat(results).isEmpty();
        assertThat(resent).extracting(ProbeResult::dueAt).containsExactly(earlier);
        assertThat(dispatcher.jobsPending()).isEqualTo(1);
        dispatcher.complete(a, List.of(ok(current)));
        assertThat(results).extracting(ProbeResult::dueAt).containsExactly(START);
    }
}
