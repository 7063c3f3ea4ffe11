package dev.vantage.coordinator.testing;

import java.util.concurrent.TimeUnit;

/** Stopping the child processes tests start (agents, tcpdump): politely first, then for sure. */
public final class Processes {
    private Processes() {
    }

    /**
     * SIGTERM, SIGKILL if the process is still there after 10 s, then waits up to 10 s more.
     *
     * @return whether the process is gone
     */
    public static boolean stop(Process process) {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
