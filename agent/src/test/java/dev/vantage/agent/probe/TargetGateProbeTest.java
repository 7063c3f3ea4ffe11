package dev.vantage.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.StatusCode;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.testkit.OpenListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prober asks the gate after resolving and before opening a socket: a refused address is never connected to. */
class TargetGateProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private TcpConnectProber prober;

    private TcpConnectProber prober(TargetGate gate) {
        prober = new TcpConnectProber(TcpConnectProber.Options.defaults(10).withGate(gate),
                HostResolver.pinned(Map.of("app.internal", "127.0.0.3"), HostResolver.SYSTEM));
        return prober;
    }

    @AfterEach
    void closeProber() {
        if (prober != null) {
            prober.close();
        }
    }

    private ProbeOutcome probe(String host, int port) throws Exception {
        return prober.probe(new ProbeTarget(host, port, TIMEOUT)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNameResolvedIntoALocallyDeniedRangeIsNotConnectedTo() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0)) {
            prober(new TargetGate(TargetPolicy.parseRules("127.0.0.3/32")));

            ProbeOutcome outcome = probe("app.internal", target.port());

            assertThat(outcome.status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
            assertThat(outcome.reason()).isEqualTo(FailureReason.ADDRESS_NOT_ALLOWED);
            assertThat(outcome.address()).isEqualTo("127.0.0.3:" + target.port());
            assertThat(outcome.message()).isEqualTo("127.0.0.3 is in 127.0.0.3/32, which agent --deny refuses");
            assertThat(target.accepted()).isZero();
        }
    }

    @Test
    void theLocalDenyStaysWhenTheCoordinatorAllowsEverything() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0)) {
            TargetGate gate = new TargetGate(TargetPolicy.parseRules("127.0.0.3/32"));
            gate.coordinatorSent(TargetPolicy.of(List.of(), List.of()));
            prober(gate);

            assertThat(probe("127.0.0.3", target.port()).reason()).isEqualTo(FailureReason.ADDRESS_NOT_ALLOWED);
            assertThat(target.accepted()).isZero();
        }
    }

    @Test
    void theBuiltInListAppliesBeforeTheFirstWelcome() throws Exception {
        prober(new TargetGate(List.of()));

        ProbeOutcome zero = probe("0.0.0.0", 80);
        ProbeOutcome mapped = probe("::ffff:169.254.169.254", 80);

        assertThat(zero.reason()).isEqualTo(FailureReason.ADDRESS_NOT_ALLOWED);
        assertThat(zero.message()).startsWith("0.0.0.0 is in 0.0.0.0/8, which targets.deny refuses");
        assertThat(mapped.reason()).isEqualTo(FailureReason.ADDRESS_NOT_ALLOWED);
        assertThat(mapped.message()).contains("is in 169.254.0.0/16, which targets.deny refuses");
    }

    @Test
    void aDeniedPortRangeRefusesOnlyItsPorts() throws Exception {
        try (OpenListener denied = OpenListener.start(); OpenListener other = OpenListener.start()) {
            TargetGate gate = new TargetGate(List.of());
            gate.coordinatorSent(TargetPolicy.of(TargetPolicy.parseDeny("default,127.0.0.1/32:" + denied.port()), List.of()));
            prober(gate);

            ProbeOutcome refused = probe("127.0.0.1", denied.port());
            ProbeOutcome connected = probe("127.0.0.1", other.port());

            assertThat(refused.reason()).isEqualTo(FailureReason.ADDRESS_NOT_ALLOWED);
            assertThat(refused.message()).isEqualTo("127.0.0.1:" + denied.port() + " is in 127.0.0.1/32:" + denied.port()
                    + ", which targets.deny refuses");
            assertThat(connected.status()).isEqualTo(StatusCode.OK);
            assertThat(denied.accepted()).isZero();
        }
    }
}
