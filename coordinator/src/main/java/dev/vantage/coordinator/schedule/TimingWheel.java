package dev.vantage.coordinator.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hashed timing wheel: a calendar of due times with O(1) insertion and a cost per tick
 * proportional to what is due, however many entries wait. Deadlines further out than one
 * revolution wait in their slot for the right round.
 *
 * <p>Not thread-safe: one thread (the scheduler's) owns it. Entries cannot be removed;
 * the owner drops stale ones when they fire, which is cheaper than searching a slot.
 *
 * @param <T> what is scheduled
 */
final class TimingWheel<T> {
    private final long tickMillis;
    private final int mask;
    private final List<Entry<T>>[] slots;
    /** The next tick to process; ticks before it have fired. */
    private long nextTick;
    private boolean firing;
    private int size;

    private record Entry<T>(long tick, T item) {
    }

    /**
     * @param tickMillis   resolution: an entry fires at the first tick at or after its deadline
     * @param slotCount    slots in the wheel, rounded up to a power of two
     * @param startMillis  the time the wheel starts at
     */
    @SuppressWarnings("unchecked")
    public TimingWheel(long tickMillis, int slotCount, long startMillis) {
        if (tickMillis <= 0) {
            throw new IllegalArgumentException("tickMillis must be positive");
        }
        int n = Integer.highestOneBit(Math.max(2, slotCount - 1)) << 1;
        this.tickMillis = tickMillis;
        this.mask = n - 1;
        this.slots = new List[n];
        for (int i = 0; i < n; i++) {
            slots[i] = new ArrayList<>();
        }
        this.nextTick = startMillis / tickMillis;
    }

    /** Schedules an item; a deadline already past fires at the next advance. */
    public void schedule(T item, long deadlineMillis) {
        // While a tick fires, its slot has been swept: anything due now goes to the next tick.
        long earliest = firing ? nextTick + 1 : nextTick;
        long tick = Math.max(ceilDiv(deadlineMillis, tickMillis), earliest);
        slots[(int) (tick & mask)].add(new Entry<>(tick, item));
        size++;
    }

    /** Fires, in deadline order by tick, every entry due at or before {@code nowMillis}. */
    public void advance(long nowMillis, Consumer<? super T> expired) {
        long lastTick = nowMillis / tickMillis;
        while (nextTick <= lastTick) {
            List<Entry<T>> slot = slots[(int) (nextTick & mask)];
            if (!slot.isEmpty()) {
                firing = true;
                try {
                    fireSlot(slot, nextTick, expired);
                } finally {
                    firing = false;
                }
            }
            nextTick++;
        }
    }

    private void fireSlot(List<Entry<T>> slot, long tick, Consumer<? super T> expired) {
        List<Entry<T>> due = null;
        int keep = 0;
        for (int i = 0; i < slot.size(); i++) {
            Entry<T> e = slot.get(i);
            if (e.tick() <= tick) {
                if (due == null) {
                    due = new ArrayList<>();
                }
                due.add(e);
            } else {
                slot.set(keep++, e);
            }
        }
        if (due == null) {
            return;
        }
        slot.subList(keep, slot.size()).clear();
        size -= due.size();
        for (Entry<T> e : due) {
            expired.accept(e.item());
        }
    }

    /** Entries waiting, stale ones included. */
    public int size() {
        return size;
    }

    public long tickMillis() {
        return tickMillis;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
