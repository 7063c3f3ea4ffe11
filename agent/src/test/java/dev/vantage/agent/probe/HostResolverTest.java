package dev.vantage.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.testkit.OpenListener;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostResolverTest {

    @Test
    void aPinnedNameConnectsToItsAddressWithoutDns() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0);
             TcpConnectProber prober = new TcpConnectProber(TcpConnectProber.Options.defaults(10),
                     HostResolver.pinned(Map.of("SVC.test", "127.0.0.3"), HostResolver.SYSTEM))) {

            ProbeOutcome outcome = prober.probe(new ProbeTarget("svc.test", target.port(), Duration.ofSeconds(2))).get(10, TimeUnit.SECONDS);

            assertThat(outcome.connected()).as(outcome.message()).isTrue();
            assertThat(outcome.address()).isEqualTo("127.0.0.3:" + target.port());
        }
    }

    @Test
    void namesThatAreNotPinnedAskTheFallback() {
        HostResolver resolver = HostResolver.pinned(Map.of("svc.test", "127.0.0.3"), host -> {
            throw new UnknownHostException(host);
        });

        assertThatThrownBy(() -> resolver.resolve("other.test")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anAddressThatIsNotAnIpLiteralIsRefusedNamingThePin() {
        assertThatThrownBy(() -> HostResolver.pinned(Map.of("svc.test", "elsewhere.test"), HostResolver.SYSTEM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--resolve svc.test=elsewhere.test");
    }

    @Test
    void anUnpinnedNameThatDoesNotResolveIsNameNotResolved() throws Exception {
        try (TcpConnectProber prober = new TcpConnectProber(TcpConnectProber.Options.defaults(10),
                HostResolver.pinned(Map.of(), host -> {
                    throw new UnknownHostException(host);
                }))) {
            ProbeOutcome outcome = prober.probe(new ProbeTarget("nowhere.test", 80, Duration.ofSeconds(1))).get(10, TimeUnit.SECONDS);
            assertThat(outcome.reason()).isEqualTo(FailureReason.NAME_NOT_RESOLVED);
        }
    }
}
