package dev.vantage.agent.probe;

import dev.vantage.common.config.EnumWords;

/**
 * How a probe closes a connection once the handshake is done.
 *
 * <p>{@link #RST} is the default. A polite close (FIN) leaves the side that closes first, here
 * the agent, with a socket in TIME_WAIT for 60 s on Linux, and each of those holds a local
 * (address, port) pair against the target. At tens of thousands of probes per second against one
 * target that is more than the ~28k ephemeral ports there are, and connects start failing with
 * EADDRNOTAVAIL. Closing with SO_LINGER 0 sends a reset instead and frees the socket at once;
 * the target only sees a connection that was reset right after it was set up, which is what a
 * TCP connect check is anyway. {@link #FIN} is there for targets whose operators would rather
 * see orderly closes and for comparison.
 */
public enum CloseMode {
    /** SO_LINGER 0: the close sends a reset, the agent keeps no TIME_WAIT socket. */
    RST,
    /** An orderly close with FIN; the agent's side goes through TIME_WAIT. */
    FIN;

    /**
     * Parses {@code rst} or {@code fin}, in any case.
     *
     * @throws IllegalArgumentException naming both accepted values
     */
    public static CloseMode parse(String text) {
        return EnumWords.parse(CloseMode.class, "close mode", text);
    }

    public String label() {
        return EnumWords.of(this);
    }
}
