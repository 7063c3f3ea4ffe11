package dev.vantage.coordinator.schedule;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drives a {@link Scheduler} (and other periodic housekeeping) from one dedicated thread. */
public final class SchedulerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SchedulerLoop.class);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vantage-scheduler");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code task} every {@code periodMillis}; a failing run is logged and the loop goes on. */
    public SchedulerLoop every(long periodMillis, String name, Runnable task) {
        executor.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("periodic task failed task={}", name, e);
            }
        }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Stops the periodic tasks, letting a run in progress finish (it may be handing results to the
     * store, and interrupting it would drop them); interrupts only after 30 s.
     */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("periodic tasks still running after 30 s; interrupting them");
                executor.shutdownNow();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
