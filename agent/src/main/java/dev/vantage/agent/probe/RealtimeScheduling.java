package dev.vantage.agent.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;

/**
 * {@code sched_setscheduler(2)} for the calling thread, through JNA (Java has no API for it, and
 * JNA is the well-kept way to one libc call without a native build of our own).
 */
final class RealtimeScheduling {
    private static final int SCHED_FIFO = 1;
    private static final int EPERM = 1;

    private interface LibC extends Library {
        /** pid 0 is the calling thread: on Linux a scheduling policy belongs to a thread. */
        int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;
    }

    private RealtimeScheduling() {
    }

    /**
     * Puts the calling thread under SCHED_FIFO at {@code level}.
     *
     * @return empty when done, else why not, in words for an operator
     */
    static Optional<String> fifo(int level) {
        if (!Platform.isLinux()) {
            return Optional.of("real-time scheduling is only supported on Linux");
        }
        if (System.getProperty("jna.tmpdir") == null) {
            // JNA unpacks its native part here; the default (~/.cache) is not writable under a sandboxed service user
            System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        }
        try {
            Native.load("c", LibC.class).sched_setscheduler(0, SCHED_FIFO, new int[] {level});
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of(e.getErrorCode() == EPERM
                    ? "not permitted: give the agent CAP_SYS_NICE, or an RLIMIT_RTPRIO of at least " + level
                            + " (systemd: LimitRTPRIO=" + level + ", and no RestrictRealtime=yes)"
                    : "sched_setscheduler failed: " + e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return Optional.of("cannot call libc through JNA: " + e.getMessage());
        }
    }
}
