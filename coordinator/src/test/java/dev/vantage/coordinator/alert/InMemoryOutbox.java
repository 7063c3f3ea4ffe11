package dev.vantage.coordinator.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link Outbox} in memory, for tests: keeps the same contract as the store's. */
public final class InMemoryOutbox implements Outbox {
    private final Clock clock;
    private final Map<Long, Delivery> pending = new LinkedHashMap<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final List<Long> acknowledged = new ArrayList<>();
    private long nextId = 1;

    public InMemoryOutbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<Delivery> enqueue(Alert alert, Collection<String> channels) {
        List<Delivery> out = new ArrayList<>();
        for (String c : channels) {
            long seq = lastSequence.merge(c, 1L, Long::sum);
            Delivery d = new Delivery(nextId++, c, alert.withSequence(seq), 0, clock.instant(), Optional.empty());
            pending.put(d.id(), d);
            out.add(d);
        }
        return out;
    }

    @Override
    public synchronized List<Delivery> heads(String channel, int max) {
        Map<Long, Delivery> oldestByMonitor = new HashMap<>();
        for (Delivery d : pending.values()) {
            if (d.channel().equals(channel)) {
                oldestByMonitor.merge(d.monitorId(), d, (a, b) -> a.alert().sequence() <= b.alert().sequence() ? a : b);
            }
        }
        return oldestByMonitor.values().stream()
                .sorted(Comparator.comparing(Delivery::nextAttemptAt).thenComparingLong(d -> d.alert().sequence()))
                .limit(max)
                .toList();
    }

    @Override
    public synchronized void acknowledge(long deliveryId) {
        if (pending.remove(deliveryId) != null) {
            acknowledged.add(deliveryId);
        }
    }

    @Override
    public synchronized void recordFailure(long deliveryId, String error, Instant nextAttemptAt) {
        Delivery d = pending.get(deliveryId);
        if (d != null) {
            pending.put(deliveryId, new Delivery(d.id(), d.channel(), d.alert(), d.attempts() + 1, nextAttemptAt, Optional.of(error)));
        }
    }

    /** Unacknowledged deliveries, every channel. */
    public synchronized List<Delivery> pending() {
        return List.copyOf(pending.values());
    }

    public synchronized List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }
}
