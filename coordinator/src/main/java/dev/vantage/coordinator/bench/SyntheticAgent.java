package dev.vantage.coordinator.bench;

import dev.vantage.common.VantageVersion;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.FailureReason;
import dev.vantage.proto.v1.Heartbeat;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.ProbeJob;
import dev.vantage.proto.v1.ResultBatch;
import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An agent for the scale benchmark: a real gRPC stream over a real socket to the coordinator,
 * speaking the real protocol, but answering every job at once as "connected" WITHOUT any
 * network probe, so that the benchmark measures the coordinator and not the targets.
 */
final class SyntheticAgent implements AutoCloseable {
    private final ManagedChannel channel;
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "synthetic-agent-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private StreamObserver<AgentMessage> up;
    private boolean closed;
    /** Numbers results as a real agent does, so the coordinator acknowledges them; the stream's callbacks run one at a time. */
    private long sequence;

    /** @param pki with it, mutual TLS with agent-LOCATION.crt/.key and ca.crt from that directory; without, plaintext */
    SyntheticAgent(String host, int port, String location, int index, int maxInFlight, Optional<Path> pki) throws SSLException {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(host, port);
        if (pki.isPresent()) {
            Path dir = pki.get();
            builder.sslContext(GrpcSslContexts.forClient()
                    .trustManager(CertificateAuthority.caCertificate(dir).toFile())
                    .keyManager(CertificateAuthority.agentCertificate(dir, location).toFile(), CertificateAuthority.agentKey(dir, location).toFile())
                    .build());
        } else {
            builder.usePlaintext();
        }
        channel = builder.build();
        up = AgentServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(CoordinatorMessage msg) {
                if (msg.hasWelcome()) {
                    long every = msg.getWelcome().getHeartbeatIntervalMs();
                    heartbeats.scheduleAtFixedRate(SyntheticAgent.this::heartbeat, every, every, TimeUnit.MILLISECONDS);
                    welcomed.countDown();
                } else if (msg.hasJobs()) {
                    answer(msg);
                }
            }

            @Override
            public void onError(Throwable t) {
                welcomed.countDown();
            }

            @Override
            public void onCompleted() {
            }
        });
        up.onNext(AgentMessage.newBuilder().setHello(Hello.newBuilder()
                .setAgentId("synthetic-" + location + "-" + index)
                .setLocation(location)
                .setVersion(VantageVersion.current() + "-synthetic")
                .setHostname("bench")
                .addSourceAddresses("127.0.0.1")
                .setMaxInFlight(maxInFlight)).build());
    }

    private void answer(CoordinatorMessage msg) {
        long now = System.currentTimeMillis();
        ResultBatch.Builder batch = ResultBatch.newBuilder();
        for (ProbeJob job : msg.getJobs().getJobsList()) {
            batch.addResults(AgentResult.newBuilder()
                    .setJobId(job.getJobId())
                    .setMonitorId(job.getMonitorId())
                    .setDueAtUnixMs(job.getDueAtUnixMs())
                    .setKind(job.getKind())
                    .setSequence(++sequence)
                    .setStatusCode(0)
                    .setReason(FailureReason.FAILURE_REASON_NONE)
                    .setConnectNanos(100_000)
                    .setAddress(job.getHost() + ":" + job.getPort())
                    .setStartedAtUnixMs(now));
        }
        // Results and heartbeats share the stream: one onNext at a time.
        synchronized (this) {
            if (!closed) {
                up.onNext(AgentMessage.newBuilder().setResults(batch).build());
            }
        }
    }

    /** The coordinator drops agents that stop sending heartbeats, so the synthetic ones send them too. */
    private synchronized void heartbeat() {
        if (!closed) {
            up.onNext(AgentMessage.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
        }
    }

    boolean awaitWelcome(long seconds) throws InterruptedException {
        return welcomed.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            up.onCompleted();
        }
        heartbeats.shutdownNow();
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
