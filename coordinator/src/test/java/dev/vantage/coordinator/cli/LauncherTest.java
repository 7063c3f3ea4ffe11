package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.proto.v1.MonitorState;
import dev.vantage.proto.v1.MonitorStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vantage as a real process, on this build's classes ({@code VANTAGE_CLASSPATH}: the jar is packaged after the tests
 * run): client commands get the quick-start JVM settings, the roles keep the JVM's defaults.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "vantage").toAbsolutePath().normalize();
    private final CliFixture fixture = new CliFixture();

    @TempDir
    Path home;

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void anAdminCommandRunsWithTheClientSettingsAndPrintsItsTable() throws Exception {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(1, "web", "example.org", 443, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UNKNOWN))
                .build();

        Result run = launch("--server", fixture.server(), "status");

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.out.get(0)).contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(run.out.subList(1, run.out.size())).containsExactly(
                "MONITOR  STATE    TARGET           LOCATION  CODE  STATUS  REASON  CONNECT MS  AGE",
                "web      UNKNOWN  example.org:443  -         -     -       -       -           -");
    }

    @Test
    void aRoleKeepsTheJvmDefaultsEvenAfterAdminOptions() throws Exception {
        Result run = launch("--server", "127.0.0.1:1", "coordinator", "--help");

        assertThat(run.out.get(0)).doesNotContain("TieredStopAtLevel", "UseSerialGC");
        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).startsWith("error: server: only the admin commands");
    }

    private Result launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("VANTAGE_"));
        env.put("HOME", home.toString());
        env.put("VANTAGE_CLASSPATH", System.getProperty("java.class.path"));
        env.put("VANTAGE_JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bin/vantage finished").isTrue();
        return new Result(process.exitValue(), Files.readAllLines(home.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err")));
    }

    private record Result(int exit, List<String> out, String err) {
    }
}
