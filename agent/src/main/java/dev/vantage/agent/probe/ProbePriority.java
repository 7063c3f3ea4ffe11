package dev.vantage.agent.probe;

import dev.vantage.common.config.EnumWords;

/**
 * How the probe threads (the event loops that time handshakes) are scheduled.
 *
 * <p>{@link #NORMAL} is the default. The kernel times a handshake whose SYN went out once, but a
 * handshake that needed a retransmitted SYN is timed by the event loop, and on a busy host the loop
 * can wait milliseconds for a CPU after the SYN-ACK is in. {@link #REALTIME} puts the probe threads
 * (only them) under {@code SCHED_FIFO} at level {@value #REALTIME_LEVEL}: above every normal task,
 * below the kernel's interrupt threads (50). They sleep in {@code epoll_wait} between events, so
 * this costs nothing while the agent is not saturated; an agent pushed past its capacity would let
 * its probe threads take the CPUs first (the kernel still keeps 5% for other tasks), which is why
 * it is not the default. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO of at least
 * {@value #REALTIME_LEVEL} ({@code LimitRTPRIO=} in a systemd unit).
 */
public enum ProbePriority {
    NORMAL,
    REALTIME;

    /** The SCHED_FIFO level of {@link #REALTIME}. */
    public static final int REALTIME_LEVEL = 10;

    /**
     * Parses {@code normal} or {@code realtime}, in any case.
     *
     * @throws IllegalArgumentException naming both accepted values
     */
    public static ProbePriority parse(String text) {
        return EnumWords.parse(ProbePriority.class, "probe priority", text);
    }

    public String label() {
        return EnumWords.of(this);
    }
}
