package dev.vantage.coordinator.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Counts calls refused for a missing or invalid token per peer, so that someone guessing tokens shows
 * in the log as one line per peer and minute with a count, not one line per attempt (nor none at all).
 * Bounded: past {@value #MAX_PEERS} peers in one minute the oldest counts are dropped.
 */
final class FailedLogins {
    static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_PEERS = 10_000;

    private final LongSupplier clock;
    private final Map<String, Window> peers = new HashMap<>();

    private static final class Window {
        long loggedAt;
        long unlogged;
    }

    FailedLogins(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Records a refusal from {@code peer}; returns the count to log now, or empty while the peer's minute lasts. */
    synchronized OptionalLong refused(String peer) {
        long now = clock.getAsLong();
        Window w = peers.get(peer);
        if (w == null) {
            if (peers.size() >= MAX_PEERS) {
                peers.clear();
            }
            w = new Window();
            w.loggedAt = now - WINDOW_MILLIS;
            peers.put(peer, w);
        }
        w.unlogged++;
        if (now - w.loggedAt < WINDOW_MILLIS) {
            return OptionalLong.empty();
        }
        long count = w.unlogged;
        w.unlogged = 0;
        w.loggedAt = now;
        return OptionalLong.of(count);
    }
}
