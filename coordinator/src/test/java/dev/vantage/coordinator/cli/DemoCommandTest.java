package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The quickstart stays one command: {@code vantage demo} makes its CA, certificates and admin token,
 * runs its agents over mutual TLS and writes a CLI profile, so the README's commands work as they are.
 */
class DemoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneCommandGivesATlsCoordinatorAgentsAndAProfileTheCliUses() throws Exception {
        Path data = dir.resolve("demo");
        Path profile = dir.resolve("profile");
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(() -> VantageCli.commandLine(new VantageCli())
                .execute("demo", "--port", "0", "--data", data.toString(), "--profile", profile.toString(), "--rounds", "2"));

        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(profile) || demo.isDone());
        assertThat(demo).as("the demo is still running").isNotDone();
        assertThat(Files.readString(profile)).contains("server=127.0.0.1\\:").contains("tls.ca=").contains("token.file=");
        for (Path secret : List.of(profile, data.resolve("admin.token"), data.resolve("certs/ca.key"), data.resolve("certs/coordinator.key"))) {
            assertThat(Files.getPosixFilePermissions(secret)).as("%s is the owner's alone", secret)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }

        // The user's terminal: no --server, --tls-ca or token, only the profile (here named by VANTAGE_PROFILE).
        Map<String, String> env = Map.of("VANTAGE_PROFILE", profile.toString());
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Run status = run(env, "status", "--json");
            assertThat(status.exit).as(status.toString()).isZero();
            JsonNode monitors = JSON.readTree(status.out);
            assertThat(stateOf(monitors, "demo-local")).isEqualTo("UP");
            assertThat(stateOf(monitors, "demo-closed")).isEqualTo("DOWN");
        });
        Run locations = run(env, "locations", "--json");
        assertThat(locations.exit).as(locations.toString()).isZero();
        assertThat(locations.out).contains("\"eu-west\"").contains("\"us-east\"");

        // Without the profile the same coordinator is TLS-only: a plaintext client is told what to pass.
        Run withoutProfile = run(Map.of(), "status", "--server", serverOf(profile));
        assertThat(withoutProfile.exit).as(withoutProfile.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(withoutProfile.err).contains("--tls-ca");

        assertThat(demo.get(60, TimeUnit.SECONDS)).isZero();
    }

    private static String serverOf(Path profile) {
        return Profile.load(profile, true, "--profile").server().orElseThrow();
    }

    private static String stateOf(JsonNode monitors, String name) {
        for (JsonNode m : monitors) {
            if (m.path("monitor").path("name").asText().equals(name)) {
                return m.path("state").asText();
            }
        }
        return "missing";
    }

    private record Run(List<String> args, int exit, String out, String err) {
        @Override
        public String toString() {
            return "vantage " + String.join(" ", args) + " -> exit " + exit + "\n" + out + err;
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = VantageCli.commandLine(new VantageCli(Clock.systemUTC(), env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(new ArrayList<>(List.of(args)), exit, out.toString(), err.toString());
    }
}
