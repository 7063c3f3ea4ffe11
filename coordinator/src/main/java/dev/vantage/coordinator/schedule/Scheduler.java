package dev.vantage.coordinator.schedule;

import dev.vantage.common.model.Monitor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Keeps every enabled monitor on its beat and hands the rounds that fall due to a sink,
 * one batch per tick. One timing-wheel entry per monitor and round, whatever the number
 * of monitors: no task or thread per monitor.
 *
 * <p>{@link #tick()} runs on one thread (see {@link SchedulerLoop}); {@link #upsert}, {@link #remove}
 * and {@link #runAt} may be called from any thread and take effect at the next tick. A monitor's
 * rounds cost the same whether or not it has a retry interval; only a failing monitor's
 * {@link #runAt} adds a wheel entry.
 */
public final class Scheduler implements EarlyRounds {
    private final Clock clock;
    private final TimingWheel<Entry> wheel;
    private final Map<Long, Scheduled> monitors = new HashMap<>();
    private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
    private final Consumer<List<DueRound>> sink;
    private long generations;
    private volatile boolean halted;
    /** Set before the first tick after a time with no active coordinator; applied to the monitors scheduled then. */
    private volatile CatchUp catchUp;

    /** A monitor as the scheduler holds it; the generation tells stale wheel entries apart. */
    private record Scheduled(Monitor monitor, long generation) {
    }

    /** @param late a one-off catch-up round, not part of the beat */
    private record Entry(long monitorId, long generation, long dueMillis, boolean late) {
    }

    private sealed interface Change {
    }

    private record Upsert(Monitor monitor) implements Change {
    }

    private record Remove(long monitorId) implements Change {
    }

    private record RunAt(long monitorId, long dueMillis) implements Change {
    }

    public Scheduler(Clock clock, long tickMillis, Consumer<List<DueRound>> sink) {
        this.clock = clock;
        this.sink = sink;
        this.wheel = new TimingWheel<>(tickMillis, 8192, clock.millis());
    }

    /** Schedules a monitor, or reschedules it after a change; paused monitors are dropped. */
    public void upsert(Monitor monitor) {
        changes.add(new Upsert(monitor));
    }

    public void remove(long monitorId) {
        changes.add(new Remove(monitorId));
    }

    /**
     * Moves a monitor's next round to {@code dueAt} ({@code --retry-interval} while it fails): that round
     * replaces the one due on the beat, and the rounds after it are on the beat again unless this is
     * called again. Ignored for a monitor that is not scheduled (paused or removed meanwhile).
     */
    @Override
    public void runAt(long monitorId, Instant dueAt) {
        changes.add(new RunAt(monitorId, dueAt.toEpochMilli()));
    }

    /**
     * Owes each monitor scheduled at the next tick one late round when a round of it fell due since
     * {@code from} (when the store last had an active coordinator) and is not among {@code run}; see
     * {@link CatchUp}. Call before the first tick.
     *
     * @param run by monitor id, the locations whose round due since {@code from} was stored
     */
    public void catchUpSince(Instant from, Map<Long, Set<String>> run) {
        catchUp = new CatchUp(from, Map.copyOf(run));
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
        due.add(new DueRound(s.monitor(), Instant.ofEpochMilli(entry.dueMillis()), entry.late()));
        if (entry.late()) {
            return;
        }
        // The next round follows the beat, not the firing time; rounds missed while the
        // process stalled are skipped rather than fired in a burst.
        long next = Phase.nextDue(entry.monitorId(), s.monitor().spec().interval(), Math.max(entry.dueMillis(), now - 1));
        wheel.schedule(new Entry(entry.monitorId(), entry.generation(), next, false), next);
    }

    private void applyChanges(long now) {
        CatchUp owed = catchUp;
        catchUp = null;
        Change c;
        while ((c = changes.poll()) != null) {
            if (c instanceof Upsert u) {
                upsert(u.monitor(), now, owed);
            } else if (c instanceof Remove r) {
                monitors.remove(r.monitorId());
            } else if (c instanceof RunAt at) {
                runAt(at, now);
            }
        }
    }

    /** @param owed the catch-up owed after a time with no active coordinator; null when none is */
    private void upsert(Monitor m, long now, CatchUp owed) {
        Scheduled old = monitors.get(m.id());
        if (m.paused()) {
            monitors.remove(m.id());
        } else if (old == null || !old.monitor().spec().interval().equals(m.spec().interval()) || old.monitor().paused()) {
            long generation = ++generations;
            monitors.put(m.id(), new Scheduled(m, generation));
            long due = Phase.nextDue(m.id(), m.spec().interval(), now);
            wheel.schedule(new Entry(m.id(), generation, due, false), due);
            if (owed != null) {
                owed.lateAt(m, now, due).ifPresent(at -> wheel.schedule(new Entry(m.id(), generation, at, true), at));
            }
        } else {
            // Same beat: keep the wheel entry, fire with the new definition.
            monitors.put(m.id(), new Scheduled(m, old.generation()));
        }
    }

    /**
     * A new generation makes the entry waiting on the beat stale; when this one fires it puts the beat back.
     * A time already past (the coordinator stalled) becomes now, so the next one asked for is a whole
     * retry interval later and faster rounds never fire back to back.
     */
    private void runAt(RunAt at, long now) {
        Scheduled s = monitors.get(at.monitorId());
        if (s == null) {
            return;
        }
        long generation = ++generations;
        long due = Math.max(at.dueMillis(), now);
        monitors.put(at.monitorId(), new Scheduled(s.monitor(), generation));
        wheel.schedule(new Entry(at.monitorId(), generation, due, false), due);
    }
}
