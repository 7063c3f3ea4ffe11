package dev.vantage.coordinator.schedule;

import dev.vantage.common.model.Monitor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Keeps every enabled monitor on its beat and hands the rounds that fall due to a sink,
 * one batch per tick. One timing-wheel entry per monitor and round, whatever the number
 * of monitors: no task or thread per monitor.
 *
 * <p>{@link #tick()} runs on one thread (see {@link SchedulerLoop}); {@link #upsert} and
 * {@link #remove} may be called from any thread and take effect at the next tick.
 */
public final class Scheduler {
    private final Clock clock;
    private final TimingWheel<Entry> wheel;
    private final Map<Long, Scheduled> monitors = new HashMap<>();
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Consumer<List<DueRound>> sink;
    private long generations;
    private volatile boolean halted;

    /** A monitor as the scheduler holds it; the generation tells stale wheel entries apart. */
    private record Scheduled(Monitor monitor, long generation) {
    }

    private record Entry(long monitorId, long generation, long dueMillis) {
    }

    private record Change(Monitor upsert, long removeId) {
    }

    public Scheduler(Clock clock, long tickMillis, Consumer<List<DueRound>> sink) {
        this.clock = clock;
        this.sink = sink;
        this.wheel = new TimingWheel<>(tickMillis, 8192, clock.millis());
    }

    /** Schedules a monitor, or reschedules it after a change; paused monitors are dropped. */
    public void upsert(Monitor monitor) {
        changes.add(new Change(monitor, 0));
    }

    public void remove(long monitorId) {
        changes.add(new Change(null, monitorId));
    }

    /** Stops handing out rounds for good (the scale benchmark drains in-flight work after this). */
    public void halt() {
        halted = true;
    }

    /** Applies pending changes and hands over every round due by now. */
    public void tick() {
        if (halted) {
            return;
        }
        long now = clock.millis();
        applyChanges(now);
        List<DueRound> due = new ArrayList<>();
        wheel.advance(now, entry -> fire(entry, now, due));
        if (!due.isEmpty()) {
            sink.accept(due);
        }
    }

    /** Monitors on the schedule. */
    public int scheduledMonitors() {
        return monitors.size();
    }

    private void fire(Entry entry, long now, List<DueRound> due) {
        Scheduled s = monitors.get(entry.monitorId());
        if (s == null || s.generation() != entry.generation()) {
            return;
        }
        due.add(new DueRound(s.monitor(), Instant.ofEpochMilli(entry.dueMillis())));
        // The next round follows the beat, not the firing time; rounds missed while the
        // process stalled are skipped rather than fired in a burst.
        long next = Phase.nextDue(entry.monitorId(), s.monitor().spec().interval(), Math.max(entry.dueMillis(), now - 1));
        wheel.schedule(new Entry(entry.monitorId(), entry.generation(), next), next);
    }

    private void applyChanges(long now) {
        Change c;
        while ((c = changes.poll()) != null) {
            if (c.upsert() == null) {
                monitors.remove(c.removeId());
                continue;
            }
            Monitor m = c.upsert();
            Scheduled old = monitors.get(m.id());
            if (m.paused()) {
                monitors.remove(m.id());
            } else if (old == null || !old.monitor().spec().interval().equals(m.spec().interval()) || old.monitor().paused()) {
                long generation = ++generations;
                monitors.put(m.id(), new Scheduled(m, generation));
                long due = Phase.nextDue(m.id(), m.spec().interval(), now);
                wheel.schedule(new Entry(m.id(), generation, due), due);
            } else {
                // Same beat: keep the wheel entry, fire with the new definition.
                monitors.put(m.id(), new Scheduled(m, old.generation()));
            }
        }
    }
}
