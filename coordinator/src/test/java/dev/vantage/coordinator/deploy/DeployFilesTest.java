package dev.vantage.coordinator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vantage.coordinator.config.CoordinatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What operators install from deploy/ is checked like code: the units verify, the example config loads. */
class DeployFilesTest {
    private static final Path DEPLOY = repoRoot().resolve("deploy");

    @Test
    void theSystemdUnitsPassSystemdAnalyzeVerify() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed here; the units are verified where it is");

        Process verify = new ProcessBuilder("bash", DEPLOY.resolve("systemd/verify.sh").toString())
                .redirectErrorStream(true).start();
        assertThat(verify.waitFor(120, TimeUnit.SECONDS)).as("verify.sh finishes").isTrue();
        String out = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(verify.exitValue()).as(out).isZero();
        assertThat(out).contains("ok   vantage-coordinator.service").contains("ok   vantage-agent@eu-west.service");
    }

    @Test
    void theExampleCoordinatorConfigLoadsAsIs() {
        CoordinatorConfig config = CoordinatorConfig.load(DEPLOY.resolve("config/coordinator.properties"));

        assertThat(config.locations()).containsExactly("eu-west", "us-east", "ap-south");
        assertThat(config.listenPort()).isEqualTo(7400);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Surefire runs in the module's folder; the repository root is the first parent holding deploy/. */
    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(new IOException("no deploy/ folder above " + Path.of("").toAbsolutePath()));
        }
        return p;
    }
}
