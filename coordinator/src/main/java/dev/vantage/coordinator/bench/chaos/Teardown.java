package dev.vantage.coordinator.bench.chaos;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a chaos run must undo whatever happens (processes, the PostgreSQL schema, the temp folder), undone
 * once, last in first out: at the end of the run, or from a shutdown hook on Ctrl-C or SIGTERM.
 */
final class Teardown implements AutoCloseable {
    private final Deque<AutoCloseable> steps = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(T step) {
        steps.push(step);
        return step;
    }

    /** Leaves this step out of the teardown (the logs of a failed run are kept). */
    synchronized void keep(AutoCloseable step) {
        steps.remove(step);
    }

    @Override
    public synchronized void close() {
        while (!steps.isEmpty()) {
            try {
                steps.pop().close();
            } catch (Exception e) {
                System.err.println("bench chaos: clean-up step failed: " + e.getMessage());
            }
        }
    }
}
