package dev.vantage.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.StatusCode;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import dev.vantage.testkit.SilentTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpConnectProberTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private TcpConnectProber prober;

    private TcpConnectProber prober(boolean nativeTransport, CloseMode mode) {
        prober = new TcpConnectProber(TcpConnectProber.Options.defaults(1000).withCloseMode(mode).withPreferNative(nativeTransport));
        return prober;
    }

    @AfterEach
    void closeProber() {
        if (prober != null) {
            prober.close();
        }
    }

    private static ProbeOutcome await(CompletableFuture<ProbeOutcome> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** A target that accepts and resets at once completed the handshake: connected, never "other". */
    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void aTargetThatAcceptsAndResetsAtOnceCountsAsConnected(boolean nativeTransport) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.setSoLinger(true, 0);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "accept-and-reset");
            acceptor.setDaemon(true);
            acceptor.start();
            TcpConnectProber p = prober(nativeTransport, CloseMode.RST);
            List<CompletableFuture<ProbeOutcome>> probes = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                probes.add(p.probe(new ProbeTarget("127.0.0.1", listener.getLocalPort(), TIMEOUT)));
            }

            for (CompletableFuture<ProbeOutcome> f : probes) {
                ProbeOutcome outcome = await(f);
                assertThat(outcome.status()).as(outcome.message()).isEqualTo(StatusCode.OK);
            }
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void openPortConnectsAndReportsTimeAndAddress(boolean nativeTransport) throws Exception {
        try (OpenListener target = OpenListener.start()) {
            ProbeOutcome outcome = await(prober(nativeTransport, CloseMode.RST).probe(new ProbeTarget("127.0.0.1", target.port(), TIMEOUT)));

            assertThat(outcome.status()).isEqualTo(StatusCode.OK);
            assertThat(outcome.reason()).isEqualTo(FailureReason.NONE);
            assertThat(outcome.address()).isEqualTo(target.address());
            assertThat(outcome.connectNanos()).isPositive().isLessThan(Duration.ofSeconds(1).toNanos());
            assertThat(outcome.message()).isEmpty();
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void observerSeesTheLocalPortAndOutcomeOfEveryAttempt(boolean nativeTransport) throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ConnectObserver observer = (localPort, outcome, clock) -> seen.add(localPort + " " + outcome.status() + " " + clock);
        prober = new TcpConnectProber(TcpConnectProber.Options.defaults(10).withPreferNative(nativeTransport).withObserver(observer));
        try (OpenListener target = OpenListener.start()) {
            ClosedPort closed = ClosedPort.find();

            ProbeOutcome ok = await(prober.probe(new ProbeTarget("127.0.0.1", target.port(), TIMEOUT)));
            ProbeOutcome refused = await(prober.probe(new ProbeTarget(closed.host(), closed.port(), TIMEOUT)));

            assertThat(ok.connected()).isTrue();
            assertThat(refused.reason()).isEqualTo(FailureReason.REFUSED);
            assertThat(seen).hasSize(2);
            // on epoll the kernel timed the handshake (one SYN, one sample); NIO has only the loop's clock
            assertThat(seen.get(0)).endsWith(" OK " + (nativeTransport ? "KERNEL" : "LOOP")).doesNotStartWith("0 ");
            assertThat(seen.get(1)).endsWith(" TCP_CONNECTION_FAILED LOOP");
            if (nativeTransport) {
                // NIO forgets the local address of a socket whose connect failed; epoll keeps it
                assertThat(seen.get(1)).doesNotStartWith("0 ");
            }
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void closedPortIsRefused(boolean nativeTransport) throws Exception {
        ClosedPort port = ClosedPort.find();

        ProbeOutcome outcome = await(prober(nativeTransport, CloseMode.RST).probe(new ProbeTarget(port.host(), port.port(), TIMEOUT)));

        assertThat(outcome.status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
        assertThat(outcome.reason()).isEqualTo(FailureReason.REFUSED);
        assertThat(outcome.address()).isEqualTo(port.address());
        assertThat(outcome.connectNanos()).isZero();
        assertThat(outcome.message()).isEqualTo("connection refused");
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void silentTargetTimesOutAfterTheTimeout(boolean nativeTransport) throws Exception {
        try (SilentTarget target = SilentTarget.start()) {
            TcpConnectProber p = prober(nativeTransport, CloseMode.RST);
            long start = System.nanoTime();

            ProbeOutcome outcome = await(p.probe(new ProbeTarget(target.host(), target.port(), TIMEOUT)));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(outcome.status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
            assertThat(outcome.reason()).isEqualTo(FailureReason.TIMED_OUT);
            assertThat(outcome.address()).isEqualTo(target.address());
            assertThat(outcome.message()).contains("1000 ms");
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void unresolvableNameIsNameNotResolved(boolean nativeTransport) throws Exception {
        ProbeOutcome outcome = await(prober(nativeTransport, CloseMode.RST).probe(new ProbeTarget("no-such-host.invalid", 80, TIMEOUT)));

        assertThat(outcome.status()).isEqualTo(StatusCode.TCP_CONNECTION_FAILED);
        assertThat(outcome.reason()).isEqualTo(FailureReason.NAME_NOT_RESOLVED);
        assertThat(outcome.address()).isEmpty();
        assertThat(outcome.message()).contains("no-such-host.invalid");
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void hostNameIsResolvedAndTheAddressReported(boolean nativeTransport) throws Exception {
        try (OpenListener target = OpenListener.start()) {
            ProbeOutcome outcome = await(prober(nativeTransport, CloseMode.FIN).probe(new ProbeTarget("localhost", target.port(), TIMEOUT)));

            // localhost may resolve to ::1 first; the listener is on 127.0.0.1 only
            assertThat(outcome.address()).isIn(target.address(), "[::1]:" + target.port());
            if (outcome.address().equals(target.address())) {
                assertThat(outcome.status()).isEqualTo(StatusCode.OK);
            }
        }
    }

    @ParameterizedTest(name = "native={0}")
    @ValueSource(booleans = {true, false})
    void ipv6LiteralIsReportedInBrackets(boolean nativeTransport) throws Exception {
        ProbeOutcome outcome = await(prober(nativeTransport, CloseMode.RST).probe(new ProbeTarget("::1", ClosedPort.find().port(), TIMEOUT)));

        assertThat(outcome.address()).startsWith("[::1]:");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RST", "FIN"})
    void manyProbesInARowLeakNoFileDescriptors(CloseMode mode) throws Exception {
        try (OpenListener target = OpenListener.start()) {
            TcpConnectProber p = prober(true, mode);
            ProbeTarget t = new ProbeTarget("127.0.0.1", target.port(), TIMEOUT);
            ClosedPort closed = ClosedPort.find();
            ProbeTarget refused = new ProbeTarget("127.0.0.1", closed.port(), TIMEOUT);
            await(p.probe(t)); // warm up: event loop threads and their epoll fds exist from here on
            long before = openFds();

            for (int round = 0; round < 20; round++) {
                List<CompletableFuture<ProbeOutcome>> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    batch.add(p.probe(i % 10 == 0 ? refused : t));
                }
                for (CompletableFuture<ProbeOutcome> f : batch) {
                    ProbeOutcome o = await(f);
                    assertThat(o.reason()).isIn(FailureReason.NONE, FailureReason.REFUSED);
                }
            }

            assertThat(p.inFlight()).isZero();
            // closes are asynchronous on the event loop; give them a moment to finish
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> openFds() <= before + 5);
        }
    }

    @org.junit.jupiter.api.Test
    void probesBeyondTheBoundFailAtOnceInsteadOfQueueing() throws Exception {
        try (SilentTarget target = SilentTarget.start()) {
            prober = new TcpConnectProber(TcpConnectProber.Options.defaults(2));
            ProbeTarget t = new ProbeTarget(target.host(), target.port(), TIMEOUT);
            CompletableFuture<ProbeOutcome> a = prober.probe(t);
            CompletableFuture<ProbeOutcome> b = prober.probe(t);

            ProbeOutcome third = prober.probe(t).getNow(null);

            assertThat(third).isNotNull();
            assertThat(third.reason()).isEqualTo(FailureReason.OTHER);
            assertThat(third.message()).contains("overloaded");
            assertThat(await(a).reason()).isEqualTo(FailureReason.TIMED_OUT);
            assertThat(await(b).reason()).isEqualTo(FailureReason.TIMED_OUT);
            assertThat(prober.inFlight()).isZero();
        }
    }

    static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
