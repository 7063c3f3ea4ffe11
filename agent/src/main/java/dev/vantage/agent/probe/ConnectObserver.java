package dev.vantage.agent.probe;

import dev.vantage.common.model.ProbeOutcome;

/**
 * Sees every connect attempt a {@link TcpConnectProber} makes, with the local port it used, so a
 * tool can join the prober's own timings with a packet capture of the same connections (see
 * {@code bench probe --record}). Called on the event loop right after the attempt ended and
 * before its result is delivered: keep it short. Attempts that never reached {@code connect(2)}
 * (a name that did not resolve, an overloaded prober) are not shown.
 */
@FunctionalInterface
public interface ConnectObserver {
    /** Sees nothing, and makes the prober skip the local-address lookup altogether. */
    ConnectObserver NONE = (localPort, outcome, clock) -> { };

    /**
     * @param localPort the source port of the attempt; 0 when unknown (no socket, or a failed
     *                  connect on the NIO transport, which forgets it)
     * @param outcome   what the prober is about to report for it
     * @param clock     which clock timed a connected attempt (and {@link HandshakeClock#LOOP} for the others)
     */
    void attempted(int localPort, ProbeOutcome outcome, HandshakeClock clock);
}
