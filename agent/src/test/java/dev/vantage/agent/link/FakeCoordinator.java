package dev.vantage.agent.link;

import dev.vantage.proto.v1.AgentMessage;
import dev.vantage.proto.v1.AgentResult;
import dev.vantage.proto.v1.AgentServiceGrpc;
import dev.vantage.proto.v1.CoordinatorMessage;
import dev.vantage.proto.v1.Hello;
import dev.vantage.proto.v1.Welcome;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC AgentService on loopback that records what agents say and lets a test push
 * messages down the latest stream. Welcomes every Hello, or rejects it like a coordinator
 * that does not know the location when {@code reject} is set, or like a standby when {@code standby} is.
 */
final class FakeCoordinator implements AutoCloseable {
    final List<Hello> hellos = new CopyOnWriteArrayList<>();
    final List<AgentResult> results = new CopyOnWriteArrayList<>();
    final AtomicInteger heartbeats = new AtomicInteger();
    final AtomicInteger welcomed = new AtomicInteger();
    volatile String reject;
    /** Answers like a standby coordinator: every stream ends at once with UNAVAILABLE. */
    volatile boolean standby;
    private volatile StreamObserver<CoordinatorMessage> latest;
    private final Server server;

    private FakeCoordinator(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .withOption(ChannelOption.SO_REUSEADDR, true)
                .addService(new AgentServiceGrpc.AgentServiceImplBase() {
                    @Override
                    public StreamObserver<AgentMessage> connect(StreamObserver<CoordinatorMessage> down) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(AgentMessage m) {
                                switch (m.getBodyCase()) {
                                    case HELLO -> {
                                        hellos.add(m.getHello());
                                        if (standby) {
                                            down.onError(Status.UNAVAILABLE.withDescription("standby: another coordinator is active")
                                                    .asRuntimeException());
                                            return;
                                        }
                                        if (reject != null) {
                                            down.onError(Status.FAILED_PRECONDITION.withDescription(reject).asRuntimeException());
                                            return;
                                        }
                                        latest = down;
                                        welcomed.incrementAndGet();
                                        send(CoordinatorMessage.newBuilder().setWelcome(Welcome.newBuilder()
                                                .setCoordinatorVersion("test").setHeartbeatIntervalMs(100)).build());
                                    }
                                    case RESULTS -> results.addAll(m.getResults().getResultsList());
                                    case HEARTBEAT -> heartbeats.incrementAndGet();
                                    default -> { }
                                }
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                down.onCompleted();
                            }
                        };
                    }
                })
                .build()
                .start();
    }

    static FakeCoordinator start(int port) throws IOException {
        return new FakeCoordinator(port);
    }

    int port() {
        return server.getPort();
    }

    /** Sends down the latest welcomed stream. */
    synchronized void send(CoordinatorMessage m) {
        latest.onNext(m);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
