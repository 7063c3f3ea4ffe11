package dev.vantage.agent.probe;

import dev.vantage.common.config.EnumWords;

/** Which clock timed a handshake (see {@link KernelHandshakeTime}). */
public enum HandshakeClock {
    /** The kernel's own SYN → SYN-ACK round trip, from {@code TCP_INFO}. */
    KERNEL,
    /** The event loop's clock: {@code connect(2)} called to the connection reported. */
    LOOP;

    public String label() {
        return EnumWords.of(this);
    }
}
