package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.coordinator.cli.CliFixture.Run;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every class of failure: the message a person reads, the exit code a script checks, never a stack trace. */
class ErrorHandlingTest {
    private final CliFixture fixture = new CliFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void rejectedInputPrintsTheServersMessageAndExitsTwo() {
        fixture.admin.fail("CreateMonitor", Status.INVALID_ARGUMENT.withDescription("port: must be between 1 and 65535, got 70000"));

        Run run = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: port: must be between 1 and 65535, got 70000\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void duplicateNameExitsTwo() {
        fixture.admin.fail("CreateMonitor", Status.ALREADY_EXISTS.withDescription("name: a monitor named 'web' exists"));

        Run run = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "443");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: name: a monitor named 'web' exists\n");
    }

    @Test
    void failedPreconditionExitsTwo() {
        fixture.admin.fail("TestMonitor", Status.FAILED_PRECONDITION.withDescription("monitor 'web' is paused; resume it first"));

        Run run = fixture.run("test", "web");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: monitor 'web' is paused; resume it first\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownMonitorExitsFour() {
        fixture.admin.fail("GetMonitor", Status.NOT_FOUND.withDescription("monitor 'nope' not found"));

        Run run = fixture.run("monitor", "show", "nope");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).isEqualTo("error: monitor 'nope' not found\n");
    }

    @Test
    void unexpectedServerFailureExitsFive() {
        fixture.admin.fail("GetStatus", Status.INTERNAL.withDescription("store is closed"));

        Run run = fixture.run("status");

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).isEqualTo("error: the coordinator failed the request: INTERNAL: store is closed\n");
    }

    @Test
    void unreachableCoordinatorGivesTheFriendlyMessageAndExitsThree() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Run run = Run.against("127.0.0.1:" + closedPort, "status").execute();

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("error: cannot reach the coordinator at 127.0.0.1:" + closedPort
                + " (connection refused); is it running? set --server or VANTAGE_SERVER\n");
    }

    @Test
    void coordinatorThatDoesNotAnswerInTimeExitsThree() {
        fixture.admin.silent = true;

        Run run = fixture.run("monitor", "list", "--rpc-timeout", "200ms");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("error: cannot reach the coordinator at " + fixture.server()
                + " (no answer within 200ms; raise --rpc-timeout if it is busy); is it running? set --server or VANTAGE_SERVER\n");
    }

    @Test
    void missingRequiredOptionIsAUsageErrorWithPicocliMessage() {
        Run run = fixture.run("monitor", "create", "--name", "web", "--port", "443");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: Missing required option: '--host=<host>'")
                .contains("Try 'vantage monitor create --help'");
        assertThat(fixture.admin.requests).isEmpty();
    }

    @Test
    void malformedServerAddressNamesTheOption() {
        Run run = Run.withArgs("status", "--server", "localhost").execute();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: server: 'localhost' is not HOST:PORT; write it like coordinator.example.net:7400");
    }

    @Test
    void helpListsTheExitCodes() {
        Run run = Run.withArgs("status", "--help").execute();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exit codes:", "3   the coordinator cannot be reached", "4   no such monitor");
    }
}
