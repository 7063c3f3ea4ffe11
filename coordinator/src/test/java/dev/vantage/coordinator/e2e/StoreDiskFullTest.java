package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vantage.agent.Agent;
import dev.vantage.coordinator.alert.WebhookReceiver;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.ClosedPort;
import dev.vantage.testkit.OpenListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store on a small tmpfs that fills up, with results flowing and an alert being delivered:
 * nothing is stored twice, the webhook is not posted again while its acknowledgement cannot be
 * recorded, {@code status} says the store is failing, and within seconds of space being freed results
 * flow again, without a restart, none lost. Needs root to mount the tmpfs (tag "lab"); skipped with the
 * reason where it cannot be mounted.
 */
@Tag("lab")
class StoreDiskFullTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    /** Why a tmpfs cannot be mounted here; empty when it was. */
    private Optional<String> mountTmpfs(Path at, String size) throws Exception {
        Files.createDirectories(at);
        if (!"0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim())) {
            return Optional.of("mounting a tmpfs needs root; run it as root (CI's .ci/run does) or skip lab tests with -Dlab.skip");
        }
        String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString());
        if (out != null) {
            return Optional.of("cannot mount a tmpfs here (" + out.trim() + ")");
        }
        mount = at;
        return Optional.empty();
    }

    /** @return null when the command succeeded, else what it printed */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? null : out;
    }

    @Test
    void aStoreOnAFullDiskDoublesNothingSendsNoAlertTwiceAndRecoversWhenSpaceIsFreed() throws Exception {
        Optional<String> cannot = mountTmpfs(dir.resolve("store"), "3m");
        assumeTrue(cannot.isEmpty(), () -> cannot.get());
        try (WebhookReceiver hook = new WebhookReceiver(); OpenListener target = OpenListener.start();
             Cluster cluster = new Cluster(mount, List.of("eu-west"), hook.channelSettings("hook"))) {
            Agent agent = cluster.startAgent("eu-west");
            Cli cli = cluster.cli();
            hook.answerWith(r -> 503);
            ClosedPort closed = ClosedPort.find();
            assertThat(cli.run("monitor", "create", "--name", "down", "--host", "127.0.0.1", "--port", String.valueOf(closed.port()),
                    "--interval", "1h", "--timeout", "1s", "--notify", "hook").exit()).isZero();
            for (int i = 0; i < 40; i++) {
                assertThat(cli.run("monitor", "create", "--name", "up" + i, "--host", target.host(), "--port",
                        String.valueOf(target.port()), "--interval", "10s", "--timeout", "1s").exit()).isZero();
            }
            await().atMost(WAIT).until(() -> cluster.coordinator().runRoundNow("down").join().isPresent() && !hook.requests().isEmpty());

            // when: the disk fills up while results flow and the alert is being delivered
            Path filler = mount.resolve("filler");
            fill(filler);
            await().atMost(WAIT).until(() -> cli.run("status").out().contains("store: FAILING since"));
            hook.answerWith(r -> 200);
            await().atMost(WAIT).until(() -> hook.accepted().size() == 1);
            // then: the alert is not posted again, also while its acknowledgement cannot be recorded
            await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> hook.accepted().size() == 1);

            // when: space is freed, results flow again within seconds, without a restart
            Files.delete(filler);
            await().atMost(Duration.ofSeconds(30)).until(() -> !cli.run("status").out().contains("store: FAILING"));
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + mount.resolve("vantage.db"))) {
                await().atMost(WAIT).until(() -> {
                    long produced = target.accepted();
                    return agent.resultsWaiting() == 0 && count(db, "SELECT COUNT(*) FROM results r JOIN monitors m ON m.id = r.monitor_id"
                            + " WHERE m.name LIKE 'up%' AND r.agent_id <> ''") == produced;
                });
                assertThat(count(db, "SELECT COUNT(*) FROM (SELECT 1 FROM results GROUP BY monitor_id, location, due_at, kind"
                        + " HAVING COUNT(*) > 1) AS twice")).isZero();
                await().atMost(WAIT).until(() -> count(db, "SELECT COUNT(*) FROM deliveries WHERE acknowledged_at IS NULL") == 0);
            }
            assertThat(hook.accepted()).hasSize(1);
        }
    }

    /** Writes until the file system says it is full. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // No space left on device: the point
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
