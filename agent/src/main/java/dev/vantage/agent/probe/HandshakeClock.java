package dev.vantage.agent.probe;

/** Which clock timed a handshake (see {@link KernelHandshakeTime}). */
public enum HandshakeClock {
    /** The kernel's own SYN → SYN-ACK round trip, from {@code TCP_INFO}. */
    KERNEL,
    /** The event loop's clock: {@code connect(2)} called to the connection reported. */
    LOOP;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
