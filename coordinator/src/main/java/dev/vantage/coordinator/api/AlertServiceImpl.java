package dev.vantage.coordinator.api;

import dev.vantage.common.model.Monitor;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.monitor.MonitorCatalog;
import dev.vantage.coordinator.store.Store;
import dev.vantage.proto.v1.AlertEvent;
import dev.vantage.proto.v1.AlertServiceGrpc;
import dev.vantage.proto.v1.Incident;
import dev.vantage.proto.v1.ListAlertsRequest;
import dev.vantage.proto.v1.ListAlertsResponse;
import dev.vantage.proto.v1.ListIncidentsRequest;
import dev.vantage.proto.v1.ListIncidentsResponse;
import dev.vantage.proto.v1.SubscribeRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert API. {@code Subscribe} streams the alert log from the store: each subscriber has its own
 * thread that sends every alert after the last sequence it sent, then sleeps until
 * {@link #alertsRaised()} (or {@code poll}, for alerts another coordinator wrote to a shared store).
 * Reading only from the store, never from an in-memory feed, is what makes the hand-over from
 * replay to live free of gaps and duplicates: the store hands out sequences in commit order.
 */
public final class AlertServiceImpl extends AlertServiceGrpc.AlertServiceImplBase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertServiceImpl.class);
    private static final int BATCH = 500;
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;
    /** How many of the newest alerts incidents are built from. */
    private static final int INCIDENT_WINDOW = 10_000;

    private final Store store;
    private final MonitorCatalog catalog;
    private final Duration poll;
    private final AtomicInteger subscribers = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vantage-alert-subscriber");
        t.setDaemon(true);
        return t;
    });
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition raised = lock.newCondition();
    private long generation;
    private volatile boolean closed;

    public AlertServiceImpl(Store store, MonitorCatalog catalog, Duration poll) {
        this.store = store;
        this.catalog = catalog;
        this.poll = poll;
    }

    /** New alerts are in the store: subscribers look now. */
    public void alertsRaised() {
        lock.lock();
        try {
            generation++;
            raised.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Streams open now. */
    public int subscribers() {
        return subscribers.get();
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<AlertEvent> observer) {
        ServerCallStreamObserver<AlertEvent> out = (ServerCallStreamObserver<AlertEvent>) observer;
        out.setOnCancelHandler(this::alertsRaised);
        subscribers.incrementAndGet();
        threads.execute(() -> {
            long last = request.getFromSequence();
            log.info("alert subscriber connected from_sequence={}", last);
            try {
                while (!closed && !out.isCancelled()) {
                    long seen = generation();
                    List<Alert> batch = store.alertsAfter(last, BATCH);
                    for (Alert a : batch) {
                        while (!out.isReady() && !out.isCancelled() && !closed) {
                            awaitRaised(generation(), Duration.ofMillis(50));
                        }
                        if (out.isCancelled() || closed) {
                            break;
                        }
                        out.onNext(ProtoMapping.toProto(a));
                        last = a.sequence();
                    }
                    if (batch.size() < BATCH) {
                        awaitRaised(seen, poll);
                    }
                }
                if (!out.isCancelled()) {
                    out.onError(Status.UNAVAILABLE.withDescription("coordinator stopping; subscribe again from sequence " + last)
                            .asRuntimeException());
                }
            } catch (RuntimeException e) {
                log.error("alert subscriber failed last_sequence={}", last, e);
                if (!out.isCancelled()) {
                    out.onError(AdminServiceImpl.toStatus(e).asRuntimeException());
                }
            } finally {
                subscribers.decrementAndGet();
                log.info("alert subscriber gone last_sequence={}", last);
            }
        });
    }

    @Override
    public void listAlerts(ListAlertsRequest r, StreamObserver<ListAlertsResponse> out) {
        AdminServiceImpl.unary(out, () -> ListAlertsResponse.newBuilder()
                .addAllAlerts(store.recentAlerts(monitorId(r.getMonitor()), limit(r.getLimit())).stream()
                        .map(ProtoMapping::toProto).toList())
                .build());
    }

    @Override
    public void listIncidents(ListIncidentsRequest r, StreamObserver<ListIncidentsResponse> out) {
        AdminServiceImpl.unary(out, () -> {
            Map<String, List<Alert>> byIncident = new LinkedHashMap<>(); // newest incident first
            for (Alert a : store.recentAlerts(monitorId(r.getMonitor()), INCIDENT_WINDOW)) {
                byIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a);
            }
            ListIncidentsResponse.Builder b = ListIncidentsResponse.newBuilder();
            byIncident.values().stream().limit(limit(r.getLimit())).forEach(alerts -> b.addIncidents(incident(alerts)));
            return b.build();
        });
    }

    /** An incident from its alerts, newest first. */
    private static Incident incident(List<Alert> alerts) {
        Alert newest = alerts.get(0);
        Incident.Builder b = Incident.newBuilder()
                .setIncidentId(newest.incidentId())
                .setMonitorId(newest.monitorId())
                .setMonitorName(newest.monitorName())
                .setHost(newest.host())
                .setPort(newest.port())
                .setFirstFailureAtUnixMs(newest.firstFailureAt().toEpochMilli())
                .addAllFailingLocations(newest.failingLocations().stream().map(ProtoMapping::toProto).toList())
                .setAlertsRaised((int) alerts.stream().filter(a -> !a.kind().ends()).count())
                .setTopic(newest.topic().label());
        alerts.stream().filter(a -> a.kind() == AlertKind.OPEN || a.kind() == AlertKind.LOCATION_DEGRADED).findFirst()
                .ifPresent(open -> b.setOpenedAtUnixMs(open.raisedAt().toEpochMilli()));
        if (newest.kind().ends()) {
            b.setClearedAtUnixMs(newest.raisedAt().toEpochMilli()).setOutageMs(newest.outage().orElseThrow().toMillis())
                    .setClearReason(newest.clearReason().orElseThrow().label());
        }
        return b.build();
    }

    private Optional<Long> monitorId(String ref) {
        if (ref.isBlank()) {
            return Optional.empty();
        }
        Monitor m = catalog.find(ref);
        return Optional.of(m.id());
    }

    private static int limit(int asked) {
        return asked == 0 ? DEFAULT_LIMIT : Math.min(asked, MAX_LIMIT);
    }

    private long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until something was raised after {@code seen}, the stream ended, or {@code max} passed. */
    private void awaitRaised(long seen, Duration max) {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (generation == seen && !closed && nanos > 0) {
                nanos = raised.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends every subscription (they are told UNAVAILABLE, with the sequence to resume from). */
    @Override
    public void close() {
        closed = true;
        alertsRaised();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.shutdownNow();
        }
    }
}
