package dev.vantage.coordinator.e2e;

import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertServiceGrpc;
import dev.vantage.proto.v1.SubscribeRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A program consuming AlertService.Subscribe as the contract says to: it keeps the last sequence it
 * processed and, whenever the stream breaks (a coordinator restart), subscribes again from it.
 */
final class AlertConsumer implements AutoCloseable {
    private final String target;
    private final List<AlertEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor();
    private volatile ManagedChannel channel;
    private volatile boolean closed;
    private volatile long last;

    private final Metadata headers = new Metadata();

    /** @param token sent as {@code authorization: Bearer <token>} */
    AlertConsumer(int port, String token) {
        this.target = "127.0.0.1:" + port;
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        subscribe();
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        subscriptions.incrementAndGet();
        AlertServiceGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).subscribe(SubscribeRequest.newBuilder().setFromSequence(last).build(), new StreamObserver<>() {
            @Override
            public void onNext(AlertEvent e) {
                events.add(e);
                last = e.getSequence();
            }

            @Override
            public void onError(Throwable t) {
                again();
            }

            @Override
            public void onCompleted() {
                again();
            }
        });
    }

    private void again() {
        if (!closed) {
            retry.schedule(this::subscribe, 200, TimeUnit.MILLISECONDS);
        }
    }

    List<AlertEvent> events() {
        return List.copyOf(events);
    }

    /** How often it subscribed (1 + reconnects). */
    int subscriptions() {
        return subscriptions.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        retry.shutdownNow();
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
