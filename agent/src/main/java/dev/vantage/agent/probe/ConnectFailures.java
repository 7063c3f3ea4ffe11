package dev.vantage.agent.probe;

import dev.vantage.common.model.FailureReason;
import io.netty.channel.ConnectTimeoutException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Turns what a failed connect threw into the reason users read. Netty's native transport reports
 * errno as text ("finishConnect(..) failed: Connection refused"), NIO as JDK exception types, so
 * both the type and the words count.
 */
final class ConnectFailures {
    private ConnectFailures() {
    }

    /**
     * Whether the connect "failed" only after the 3-way handshake had completed: a target that
     * accepts and resets at once can get its RST in before the event loop reads the connect's
     * outcome, which then reports ECONNRESET. The handshake succeeded, so the probe did too. A target
     * that answers the SYN with a reset reports ECONNREFUSED instead.
     */
    static boolean handshakeCompleted(Throwable t) {
        return t != null && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("connection reset by peer");
    }

    static FailureReason reason(Throwable t) {
        if (t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException) {
            return FailureReason.TIMED_OUT;
        }
        if (t instanceof NoRouteToHostException) {
            return FailureReason.UNREACHABLE;
        }
        if (t instanceof UnknownHostException) {
            return FailureReason.NAME_NOT_RESOLVED;
        }
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return FailureReason.REFUSED;
        }
        if (m.contains("no route to host") || m.contains("network is unreachable") || m.contains("host is unreachable")
                || m.contains("network unreachable") || m.contains("host unreachable")) {
            return FailureReason.UNREACHABLE;
        }
        if (m.contains("timed out")) {
            return FailureReason.TIMED_OUT;
        }
        return FailureReason.OTHER;
    }

    /** A short message for the result: the plain words for known reasons, the exception's own text otherwise. */
    static String message(FailureReason reason, Throwable t, long timeoutMillis) {
        return switch (reason) {
            case REFUSED -> "connection refused";
            case TIMED_OUT -> t instanceof ConnectTimeoutException
                    ? "no answer to the handshake within " + timeoutMillis + " ms"
                    : "connection timed out";
            case UNREACHABLE -> t instanceof NoRouteToHostException && t.getMessage() == null
                    ? "no route to host"
                    : stripNettyPrefix(t.getMessage());
            default -> t.getMessage() == null ? t.getClass().getSimpleName() : stripNettyPrefix(t.getMessage());
        };
    }

    private static String stripNettyPrefix(String m) {
        if (m == null) {
            return "";
        }
        int i = m.indexOf("failed: ");
        return i >= 0 ? m.substring(i + "failed: ".length()) : m;
    }
}
