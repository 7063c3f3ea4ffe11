package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.Heartbeat;
import dev.vantage.proto.v1.Hello;
import dev.vantage.coordinator.testing.Cli;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent that connects, keeps sending heartbeats, but never answers a job: the coordinator
 * must not give it more than the max_in_flight it announced, nor pile jobs up for it; what it
 * cannot run in time ends as "no agent available".
 */
class StalledAgentTest {
    private static final int MAX_IN_FLIGHT = 3;

    @TempDir
    Path dir;

    @Test
    void aStalledAgentHoldsNoMoreThanItsCreditAndItsJobsEndAsNoAgentAvailable() throws Exception {
        try (Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"));
             StalledAgent stalled = new StalledAgent(cluster.port(), "eu-west")) {
            Cli cli = cluster.cli();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "stalled-" + i;
                names.add(name);
                Cli.Run created = cli.run("monitor", "create", "--name", name, "--host", "127.0.0.1", "--port", "9",
                        "--interval", "10s", "--timeout", "1s", "--locations", "eu-west");
                assertThat(created.exit()).as(created.err()).isZero();
            }

            names.forEach(n -> cluster.coordinator().runRoundNow(n));

            await().atMost(Duration.ofSeconds(5)).until(() -> stalled.jobsReceived() == MAX_IN_FLIGHT);
            JsonNode agent = cli.run("locations", "--json").json().get(0).get("agents").get(0);
            assertThat(agent.get("in_flight").asInt()).isEqualTo(MAX_IN_FLIGHT);
            // jobs beyond the credit wait at the coordinator, bounded, and end as "no agent available";
            // those the agent holds are given up on after their timeout plus a grace
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                JsonNode status = cli.run("status", "--json").json();
                assertThat(status).hasSize(names.size()).allSatisfy(s -> {
                    assertThat(s.get("last_results")).singleElement().satisfies(r -> {
                        assertThat(r.get("status_code").asInt()).isEqualTo(90);
                        assertThat(r.get("reason").asText()).isEqualTo("no agent available");
                    });
                    assertThat(s.get("state").asText()).isEqualTo("UNKNOWN");
                });
            });
            // rounds of one monitor never overlap, so however long this goes on, at most one job per monitor waits
            assertThat(cluster.coordinator().dispatcher().jobsPending()).isLessThanOrEqualTo(names.size());
            assertThat(cli.run("locations", "--json").json().get(0).get("agents").get(0).get("in_flight").asInt())
                    .isLessThanOrEqualTo(MAX_IN_FLIGHT);
            assertThat(cli.run("alerts", "list", "--json").json()).isEmpty();
        }
    }

    /** Speaks the agent protocol over a real stream, says hello and heartbeats, and never answers. */
    private static final class StalledAgent implements AutoCloseable {
        private final ManagedChannel channel;
        private final AtomicInteger jobs = new AtomicInteger();
        private final CountDownLatch welcomed = new CountDownLatch(1);
        private ClientCallStreamObserver<AgentMessage> up;

        StalledAgent(int port, String location) throws InterruptedException {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            AgentServiceGrpc.newStub(channel).connect(new ClientResponseObserver<AgentMessage, CoordinatorMessage>() {
                @Override
                public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
                    up = requestStream;
                }

                @Override
                public void onNext(CoordinatorMessage msg) {
                    if (msg.hasWelcome()) {
                        welcomed.countDown();
                    }
                    jobs.addAndGet(msg.getJobs().getJobsCount());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            });
            synchronized (this) {
                up.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder().setAgentId("stalled").setLocation(location)
                        .setVersion("test").setMaxInFlight(MAX_IN_FLIGHT).addSourceAddresses("127.0.0.1")).build());
            }
            assertThat(welcomed.await(10, TimeUnit.SECONDS)).as("welcomed").isTrue();
            Thread heartbeats = new Thread(() -> {
                try {
                    while (!channel.isShutdown()) {
                        synchronized (this) {
                            up.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
                        }
                        TimeUnit.SECONDS.sleep(1);
                    }
                } catch (InterruptedException | RuntimeException e) {
                    // the channel is closing
                }
            }, "stalled-agent-heartbeat");
            heartbeats.setDaemon(true);
            heartbeats.start();
        }

        int jobsReceived() {
            return jobs.get();
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
