package dev.vantage.coordinator.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** SIGHUP for a long-running process: the Unix way to say "read your files again". */
public final class Hangup {
    private static final Logger log = LoggerFactory.getLogger(Hangup.class);

    private Hangup() {
    }

    /**
     * Runs {@code action} on every SIGHUP. Only the coordinator command installs this (tests and
     * embedded uses call the reload directly); where the JVM cannot catch SIGHUP (it is ignored,
     * or not Unix) the coordinator still reloads on file change, and says so.
     */
    public static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), signal -> action.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.warn("SIGHUP not available; TLS files are reloaded when they change only reason=\"{}\"", e.getMessage());
        }
    }
}
