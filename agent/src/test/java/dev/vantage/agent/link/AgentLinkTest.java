package dev.vantage.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.common.VantageVersion;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.Cancel;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.FailureReason;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.JobBatch;
import dev.vantage.proto.v1.ProbeJob;
import dev.vantage.proto.v1.ResultAck;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import dev.vantage.testkit.SilentTarget;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static AgentConfig config(int port) {
        return AgentConfig.of("eu-west", "127.0.0.1:" + port)
                .withAgentId("agent-under-test")
                .withMaxInFlight(50)
                .withSourceAddresses(List.of("192.0.2.10"))
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private static CoordinatorMessage jobs(ProbeJob... js) {
        return CoordinatorMessage.newBuilder().setJobs(JobBatch.newBuilder().addAllJobs(List.of(js))).build();
    }

    private static ProbeJob job(long id, int port, int timeoutMs) {
        return ProbeJob.newBuilder().setJobId(id).setMonitorId(7).setHost("127.0.0.1").setPort(port).setTimeoutMs(timeoutMs).build();
    }

    @Test
    void saysHelloRunsPushedJobsAndComesBackAfterTheCoordinatorRestarts() throws Exception {
        FakeCoordinator first = FakeCoordinator.start(0);
        FakeCoordinator[] restartedHolder = new FakeCoordinator[1];
        int port = first.port();
        FakeCoordinator coordinator = first;
        try (OpenListener target = OpenListener.start(); Agent agent = Agent.start(config(port))) {
            // given a connected agent
            assertThat(agent.awaitConnected(WAIT)).isTrue();
            Hello hello = coordinator.hellos.get(0);
            assertThat(hello.getAgentId()).isEqualTo("agent-under-test");
            assertThat(hello.getLocation()).isEqualTo("eu-west");
            assertThat(hello.getVersion()).isEqualTo(VantageVersion.current());
            assertThat(hello.getSourceAddressesList()).containsExactly("192.0.2.10");
            assertThat(hello.getMaxInFlight()).isEqualTo(50);
            assertThat(hello.getHostname()).isNotBlank();

            // when the coordinator pushes a job
            coordinator.send(jobs(job(41, target.port(), 2000)));

            // then its result comes back up, and heartbeats flow
            await().atMost(WAIT).until(() -> coordinator.results.size() == 1);
            AgentResult r = coordinator.results.get(0);
            assertThat(r.getJobId()).isEqualTo(41);
            assertThat(r.getStatusCode()).isZero();
            assertThat(r.getReason()).isEqualTo(FailureReason.FAILURE_REASON_NONE);
            assertThat(r.getAddress()).isEqualTo(target.address());
            assertThat(r.getConnectNanos()).isPositive();
            assertThat(r.getStartedAtUnixMs()).isPositive();
            await().atMost(WAIT).until(() -> coordinator.heartbeats.get() >= 2);

            // when the coordinator goes away and comes back on the same port
            first.close();
            await().atMost(WAIT).until(() -> !agent.isConnected());
            FakeCoordinator restarted = FakeCoordinator.start(port);
            restartedHolder[0] = restarted;

            // then the agent says Hello again, sends again the result the first one never acknowledged, and takes jobs again
            await().atMost(WAIT).until(() -> restarted.hellos.size() == 1 && agent.isConnected());
            assertThat(agent.welcomes()).isEqualTo(2);
            await().atMost(WAIT).until(() -> restarted.results.size() == 1);
            assertThat(restarted.results.get(0)).isEqualTo(r);
            restarted.send(CoordinatorMessage.newBuilder().setAcks(ResultAck.newBuilder().addSequences(r.getSequence())).build());
            await().atMost(WAIT).until(() -> agent.resultsWaiting() == 0);
            ClosedPort closed = ClosedPort.find();
            restarted.send(jobs(job(1, closed.port(), 2000)));
            await().atMost(WAIT).until(() -> restarted.results.size() == 2);
            assertThat(restarted.results.get(1).getStatusCode()).isEqualTo(1);
            assertThat(restarted.results.get(1).getReason()).isEqualTo(FailureReason.FAILURE_REASON_REFUSED);
            assertThat(restarted.results.get(1).getSequence()).isEqualTo(r.getSequence() + 1);
        } finally {
            first.close();
            if (restartedHolder[0] != null) {
                restartedHolder[0].close();
            }
        }
    }

    @Test
    void aRoundHandedOutAgainAfterAReconnectIsAnsweredWithoutProbingTwice() throws Exception {
        FakeCoordinator first = FakeCoordinator.start(0);
        int port = first.port();
        FakeCoordinator[] restarted = new FakeCoordinator[1];
        try (OpenListener target = OpenListener.start(); Agent agent = Agent.start(config(port))) {
            assertThat(agent.awaitConnected(WAIT)).isTrue();
            ProbeJob round = job(41, target.port(), 2000).toBuilder().setDueAtUnixMs(1_764_158_400_000L).build();
            first.send(jobs(round));
            await().atMost(WAIT).until(() -> first.results.size() == 1);

            // when: the stream ends before the result is acknowledged, and the next coordinator hands the same round out again
            first.close();
            await().atMost(WAIT).until(() -> !agent.isConnected());
            restarted[0] = FakeCoordinator.start(port);
            await().atMost(WAIT).until(agent::isConnected);
            restarted[0].send(jobs(round.toBuilder().setJobId(7_000).build()));

            // then: the job is answered with the result of the one probe the agent made
            await().atMost(WAIT).until(() -> restarted[0].results.stream().anyMatch(r -> r.getJobId() == 7_000));
            AgentResult answer = restarted[0].results.stream().filter(r -> r.getJobId() == 7_000).findFirst().orElseThrow();
            assertThat(answer.getDueAtUnixMs()).isEqualTo(round.getDueAtUnixMs());
            assertThat(answer.getStartedAtUnixMs()).isEqualTo(first.results.get(0).getStartedAtUnixMs());
            assertThat(target.accepted()).isEqualTo(1);
        } finally {
            first.close();
            if (restarted[0] != null) {
                restarted[0].close();
            }
        }
    }

    @Test
    void anAgentStartedBeforeItsCoordinatorConnectsWhenItComesUp() throws Exception {
        int port = ClosedPort.find().port();
        try (Agent agent = Agent.start(config(port))) {
            assertThat(agent.awaitConnected(Duration.ofMillis(300))).isFalse();

            try (FakeCoordinator coordinator = FakeCoordinator.start(port)) {
                assertThat(agent.awaitConnected(WAIT)).isTrue();
                assertThat(coordinator.hellos).hasSize(1);
            }
        }
    }

    @Test
    void anAgentGivenSeveralCoordinatorsFollowsWhicheverIsActive() throws Exception {
        try (FakeCoordinator first = FakeCoordinator.start(0)) {
            first.standby = true;
            FakeCoordinator second = FakeCoordinator.start(0);
            AgentConfig config = AgentConfig.of("eu-west", "127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port())
                    .withAgentId("agent-under-test").withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400));
            try (Agent agent = Agent.start(config)) {
                assertThat(agent.awaitConnected(WAIT)).isTrue();
                assertThat(second.welcomed.get()).isEqualTo(1);
                assertThat(first.hellos).hasSize(1);
                assertThat(first.welcomed.get()).isZero();

                second.close(); // the active one dies; the standby takes over
                first.standby = false;

                await().atMost(WAIT).until(() -> first.welcomed.get() == 1 && agent.isConnected());
                assertThat(second.welcomed.get()).isEqualTo(1);
            }
        }
    }

    @Test
    void aRejectedHelloIsRetriedWithBackoff() throws Exception {
        try (FakeCoordinator coordinator = FakeCoordinator.start(0)) {
            coordinator.reject = "unknown location 'eu-west'; known locations: us-east";
            try (Agent agent = Agent.start(config(coordinator.port()))) {
                await().atMost(WAIT).until(() -> coordinator.hellos.size() >= 3);
                assertThat(agent.isConnected()).isFalse();

                coordinator.reject = null;
                assertThat(agent.awaitConnected(WAIT)).isTrue();
            }
        }
    }

    @Test
    void cancelledJobsThatHaveNotStartedReportNothing() throws Exception {
        try (FakeCoordinator coordinator = FakeCoordinator.start(0);
             SilentTarget silent = SilentTarget.start();
             OpenListener open = OpenListener.start();
             Agent agent = Agent.start(config(coordinator.port()).withMaxInFlight(1))) {
            assertThat(agent.awaitConnected(WAIT)).isTrue();
            // job 1 holds the only slot for a second, so job 2 waits and can be cancelled
            coordinator.send(jobs(job(1, silent.port(), 1000), job(2, open.port(), 1000)));
            await().atMost(WAIT).until(() -> agent.inFlight() == 2);

            coordinator.send(CoordinatorMessage.newBuilder().setCancel(Cancel.newBuilder().addJobIds(2)).build());
            await().atMost(WAIT).until(() -> coordinator.results.size() == 1);
            coordinator.send(jobs(job(3, open.port(), 1000)));

            await().atMost(WAIT).until(() -> coordinator.results.size() == 2);
            assertThat(coordinator.results).extracting(AgentResult::getJobId).containsExactly(1L, 3L);
            assertThat(coordinator.results.get(0).getReason()).isEqualTo(FailureReason.FAILURE_REASON_TIMED_OUT);
            await().atMost(WAIT).until(() -> agent.inFlight() == 0);
        }
    }
}
