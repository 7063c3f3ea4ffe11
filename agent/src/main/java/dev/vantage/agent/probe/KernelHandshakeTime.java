package dev.vantage.agent.probe;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The handshake's duration as the kernel measured it, so that it does not depend on how soon the
 * event loop gets a CPU.
 *
 * <p>Right after a handshake the connection has exactly one round-trip sample: the SYN's send time
 * to the SYN-ACK's arrival, taken in the kernel's packet path with microsecond resolution, and
 * {@code TCP_INFO}'s {@code tcpi_rtt} is that sample. The loop's clock adds the wake-up latency on
 * top, which on a busy or oversubscribed CPU reaches milliseconds (the probe thread waits for a CPU
 * while the SYN-ACK is already in).
 *
 * <p>It applies only when the SYN went out once: after a retransmission the kernel takes no sample
 * from the first SYN (Karn's rule), so the figure would leave out the retransmission wait, and such
 * handshakes keep the loop's time, which spans first SYN to SYN-ACK. The kernel's figure is also
 * checked against the loop's: both clocks are {@code CLOCK_MONOTONIC} and the loop's span encloses
 * the handshake, so a kernel figure longer than the loop's is never used.
 *
 * <p>Read it in the connect listener: Netty handles a socket's writability (the connect) before
 * its other events, so the socket is still open there; a moment later the peer's FIN or RST may
 * have made Netty close it.
 */
final class KernelHandshakeTime {
    /** One buffer per event loop thread: reading TCP_INFO then allocates nothing. */
    private static final FastThreadLocal<EpollTcpInfo> INFO = new FastThreadLocal<>() {
        @Override
        protected EpollTcpInfo initialValue() {
            return new EpollTcpInfo();
        }
    };

    private KernelHandshakeTime() {
    }

    /**
     * @param loopNanos the loop's time for the same handshake
     * @return the kernel's SYN → SYN-ACK time in nanoseconds, or -1 when it does not apply (not an
     *     epoll channel, a retransmitted SYN, TCP_INFO unreadable or inconsistent)
     */
    static long nanos(Channel channel, long loopNanos) {
        if (!(channel instanceof EpollSocketChannel epoll)) {
            return -1;
        }
        EpollTcpInfo info;
        try {
            info = epoll.tcpInfo(INFO.get());
        } catch (RuntimeException e) {
            return -1;
        }
        if (info.totalRetrans() != 0) {
            return -1;
        }
        long nanos = info.rtt() * 1_000;
        return nanos > 0 && nanos <= loopNanos ? nanos : -1;
    }
}
