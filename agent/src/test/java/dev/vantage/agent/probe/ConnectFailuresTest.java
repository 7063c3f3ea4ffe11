package dev.vantage.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The words users read for each way a connect ends, as Netty's epoll and NIO transports report them. */
class ConnectFailuresTest {

    @Test
    void aResetAfterTheHandshakeIsAConnectionNotAFailure() {
        // epoll's text for ECONNRESET read by finishConnect: the target accepted, then reset at once
        IOException resetAfterAccept = new IOException("finishConnect(..) failed with error(-104): Connection reset by peer");

        assertThat(ConnectFailures.handshakeCompleted(resetAfterAccept)).isTrue();
        assertThat(ConnectFailures.handshakeCompleted(new ConnectException("finishConnect(..) failed: Connection refused"))).isFalse();
        assertThat(ConnectFailures.handshakeCompleted(null)).isFalse();
    }

    @Test
    void eachKnownFailureGetsItsReason() {
        assertThat(ConnectFailures.reason(new ConnectException("finishConnect(..) failed: Connection refused"))).isEqualTo(FailureReason.REFUSED);
        assertThat(ConnectFailures.reason(new ConnectTimeoutException("connection timed out"))).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(ConnectFailures.reason(new NoRouteToHostException())).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(ConnectFailures.reason(new ConnectException("finishConnect(..) failed: Network is unreachable"))).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(ConnectFailures.reason(new UnknownHostException("no-such-host.invalid"))).isEqualTo(FailureReason.NAME_NOT_RESOLVED);
        assertThat(ConnectFailures.reason(new IOException("Too many open files"))).isEqualTo(FailureReason.OTHER);
    }
}
