package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vantage.coordinator.store.ResultQuery;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.ResultBatch;
import dev.vantage.testkit.OpenListener;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Agents that break the protocol, played by raw gRPC clients beside a real agent of the same
 * location: each is disconnected with a status saying why and logged once, and the real agent's
 * results keep being stored.
 */
class HostileAgentTest {
    private Cluster cluster;
    private Cli cli;
    private OpenListener target;
    private ManagedChannel channel;
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void start(@TempDir Path dir) throws InterruptedException {
        cluster = new Cluster(dir, List.of("us-east"));
        cluster.startAgent("us-east");
        cli = cluster.cli();
        target = OpenListener.start();
        assertThat(cli.run("monitor", "create", "--name", "web", "--host", target.host(), "--port", String.valueOf(target.port()),
                "--interval", "10m", "--timeout", "2s").exit()).isZero();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", cluster.port()).usePlaintext().build();
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.vantage.coordinator.api.AgentServiceImpl")).addAppender(log);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("dev.vantage.coordinator.api.AgentServiceImpl")).detachAppender(log);
        channel.shutdownNow();
        cluster.close();
        target.close();
    }

    @Test
    void anAgentFloodingResultsForJobsItWasNeverGivenIsDisconnectedAndOthersKeepWorking() {
        RawAgent flooder = RawAgent.connect(channel, hello("flooder"));
        flooder.awaitWelcome();

        long jobId = 1_000_000;
        for (int batch = 0; batch < 2_000 && !flooder.ended.isDone(); batch++) {
            ResultBatch.Builder b = ResultBatch.newBuilder();
            for (int i = 0; i < 256; i++) {
                b.addResults(AgentResult.newBuilder().setJobId(jobId++).setAddress("192.0.2.1:80").setMessage("flood"));
            }
            flooder.send(AgentMessage.newBuilder().setResults(b).build());
        }

        Status status = flooder.ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("protocol violation: results for jobs it was never given (256)");
        assertThat(warnings("agent=flooder")).hasSize(1);
        assertRealAgentStillStoresResults();
    }

    @Test
    void aSecondHelloDisconnects() {
        RawAgent twice = RawAgent.connect(channel, hello("twice"));
        twice.awaitWelcome();

        twice.send(AgentMessage.newBuilder().setHello(hello("twice")).build());

        Status status = twice.ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("protocol violation: a second Hello on the same stream");
        assertThat(warnings("agent=twice")).hasSize(1);
        assertRealAgentStillStoresResults();
    }

    @Test
    void aMessageWithNoBodyDisconnects() {
        RawAgent empty = RawAgent.connect(channel, hello("empty"));
        empty.awaitWelcome();

        empty.send(AgentMessage.getDefaultInstance());

        Status status = empty.ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("protocol violation: a message with no body");
        assertRealAgentStillStoresResults();
    }

    @Test
    void aHelloWithAnOversizedFieldIsRefusedNamingIt() {
        RawAgent big = RawAgent.connect(channel, hello("a".repeat(200)));

        Status status = big.ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).isEqualTo("Hello.agent_id: 200 characters is longer than the limit of 128");
    }

    @Test
    void aHelloWithABadSourceAddressIsRefusedNamingIt() {
        RawAgent bad = RawAgent.connect(channel, hello("bad-source").toBuilder().addSourceAddresses("not-an-ip\u001b").build());

        Status status = bad.ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(status.getDescription()).isEqualTo("Hello.source_addresses: 'not-an-ip\\u001b' is not an IP address");
    }

    @Test
    void anUnparseableFrameDisconnectsOnlyThatAgent() {
        MethodDescriptor<byte[], byte[]> raw = AgentServiceGrpc.getConnectMethod().toBuilder(new Bytes(), new Bytes()).build();
        ClientCall<byte[], byte[]> call = channel.newCall(raw, CallOptions.DEFAULT);
        CompletableFuture<Void> welcomed = new CompletableFuture<>();
        CompletableFuture<Status> ended = new CompletableFuture<>();
        StreamObserver<byte[]> out = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                welcomed.complete(null);
            }

            @Override
            public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                ended.complete(Status.OK);
            }
        });
        out.onNext(AgentMessage.newBuilder().setHello(hello("garbler")).build().toByteArray());
        welcomed.orTimeout(10, TimeUnit.SECONDS).join();

        out.onNext(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02});

        Status status = ended.join();
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("protocol violation: a message that is not a readable AgentMessage");
        assertThat(warnings("agent=garbler")).hasSize(1);
        assertRealAgentStillStoresResults();
    }

    private void assertRealAgentStillStoresResults() {
        long id = cli.run("monitor", "show", "web", "--json").json().get("id").asLong();
        int before = cluster.coordinator().store().results(ResultQuery.newest(id, 100)).size();

        Cli.Run test = cli.run("test", "web");

        assertThat(test.exit()).as(test.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cluster.coordinator().store().results(ResultQuery.newest(id, 100))).hasSize(before + 1));
    }

    private List<String> warnings(String containing) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing)).toList();
    }

    private static Hello hello(String agentId) {
        return Hello.newBuilder().setAgentId(agentId).setLocation("us-east").setVersion("test").setMaxInFlight(10)
                .addSourceAddresses("127.0.0.1").build();
    }

    /** An agent's stream driven by hand: sends what the test says, records how the coordinator ended it. */
    private static final class RawAgent {
        final CompletableFuture<Status> ended = new CompletableFuture<>();
        final CompletableFuture<Void> welcomed = new CompletableFuture<>();
        private StreamObserver<AgentMessage> out;

        static RawAgent connect(ManagedChannel channel, Hello hello) {
            RawAgent a = new RawAgent();
            a.out = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
                @Override
                public void onNext(CoordinatorMessage m) {
                    if (m.hasWelcome()) {
                        a.welcomed.complete(null);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    a.ended.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    a.ended.complete(Status.OK);
                }
            });
            a.send(AgentMessage.newBuilder().setHello(hello).build());
            return a;
        }

        void awaitWelcome() {
            welcomed.orTimeout(10, TimeUnit.SECONDS).join();
        }

        void send(AgentMessage m) {
            if (!ended.isDone()) {
                out.onNext(m);
            }
        }
    }

    /** Frames passed through as they are: lets the test send bytes that are no AgentMessage. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
