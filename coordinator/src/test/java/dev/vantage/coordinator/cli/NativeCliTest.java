package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.coordinator.cli.CliFixture.Run;
import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.proto.v1.MonitorState;
import dev.vantage.proto.v1.MonitorStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The CLI as people expect a native one: options anywhere, watch, completion, one error style. */
class NativeCliTest {
    private static final Pattern HEADER = Pattern.compile("(?m)^MONITOR  STATE");
    private final CliFixture fixture = new CliFixture();

    @BeforeEach
    void oneMonitor() {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(1, "web", "example.org", 443, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UP)
                        .addLastResults(Canned.connected("eu-west", 3_200_000, "93.184.216.34:443", "eu-west-1", Duration.ofSeconds(12))))
                .build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void globalOptionsWorkBeforeTheSubcommandAsAfterIt() {
        Run after = Run.withArgs("status", "--json", "--server", fixture.server()).execute();
        Run before = Run.withArgs("--server", fixture.server(), "--json", "status").execute();
        Run mixed = Run.withArgs("--server", fixture.server(), "status", "--json").execute();

        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out()).isEqualTo(after.out()).contains("\"name\" : \"web\"");
        assertThat(mixed.out()).isEqualTo(after.out());
    }

    @Test
    void anOptionAfterTheSubcommandWinsOverTheSameOneBeforeIt() {
        Run run = Run.withArgs("--server", "127.0.0.1:1", "status", "--server", fixture.server()).execute();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(2);
    }

    @Test
    void aBadGlobalOptionBeforeTheSubcommandReadsAsAfterIt() {
        Run before = Run.withArgs("--rpc-timeout", "soon", "status").execute();
        Run after = Run.withArgs("status", "--rpc-timeout", "soon").execute();

        assertThat(before.exitCode()).isEqualTo(2);
        assertThat(before.err().lines().findFirst()).contains(
                "error: rpc-timeout: 'soon' is not a duration; write it like 30s, 5m, 1h or 1h30m");
        assertThat(after.err().lines().findFirst()).isEqualTo(before.err().lines().findFirst());
    }

    @Test
    void aRoleRefusesTheAdminOptionsInsteadOfIgnoringThem() {
        Run run = Run.withArgs("--server", "127.0.0.1:7400", "coordinator").execute();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains(
                "error: server: only the admin commands (status, monitor, test, ...) take it, not vantage coordinator; leave it out");
    }

    @Test
    void theCliAndTheCoordinatorNameABadFieldTheSameWay() {
        Run cli = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "eighty");
        Run alerts = fixture.run("alerts", "list", "--limit", "0");

        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err().lines().findFirst()).contains("error: port: 'eighty' is not an int");
        assertThat(alerts.exitCode()).isEqualTo(2);
        assertThat(alerts.err()).isEqualTo("error: limit: must be at least 1, got 0\n");
    }

    @Test
    void statusWatchPrintsATableEachIntervalWhenNotATerminal() throws InterruptedException {
        Run watch = Run.against(fixture.server(), "status", "--watch", "--interval", "50ms");
        Thread running = new Thread(watch::execute, "status-watch");
        running.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> HEADER.matcher(watch.out()).results().count() >= 2);
        running.interrupt();
        running.join(Duration.ofSeconds(10).toMillis());

        assertThat(running.isAlive()).isFalse();
        assertThat(watch.exitCode()).as(watch.err()).isZero();
        String table = String.join("\n",
                "MONITOR  STATE  TARGET           LOCATION  CODE  STATUS  REASON  CONNECT MS  AGE",
                "web      UP     example.org:443  eu-west   0     OK      -       3.200       12s ago") + "\n";
        assertThat(watch.out()).startsWith(table + "\n" + table).doesNotContain("\u001b");
    }

    @Test
    void statusWatchRefusesAnIntervalOfZero() {
        Run run = fixture.run("status", "--watch", "--interval", "0s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: interval: must be longer than 0, got 0s\n");
    }

    @Test
    void completionPrintsABashScriptForEverySubcommand() {
        Run run = Run.withArgs("completion", "bash").execute();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_vantage", "monitor", "status", "alerts", "incidents", "token", "certs", "completion",
                        "--watch", "--server");
    }

    @Test
    void completionNamesTheShellsItKnows() {
        Run run = Run.withArgs("completion", "fish").execute();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(
                "error: shell: 'fish' is not supported; use bash (in zsh too, after autoload -U +X bashcompinit && bashcompinit)\n");
    }

    @Test
    void theLauncherSetsUpOnlyTheSubcommandItRunsAndTheWholeTreeOtherwise() {
        VantageCli root = new VantageCli(Clock.fixed(CliFixture.NOW, ZoneOffset.UTC), Map.of());

        assertThat(VantageCli.commandLine(root, new String[] {"--server", "h:1", "--json", "status", "--watch"}).getSubcommands())
                .containsOnlyKeys("status");
        assertThat(VantageCli.commandLine(root, new String[] {"help", "status"}).getSubcommands())
                .containsKeys("help", "status", "monitor", "coordinator", "agent");
        assertThat(VantageCli.commandLine(root, new String[] {"stauts"}).getSubcommands()).hasSizeGreaterThan(10);
        assertThat(VantageCli.commandLine(root, new String[] {}).getSubcommands()).hasSizeGreaterThan(10);
    }

    @Test
    void theLaunchersTreeRunsAnAdminCommandAsTheWholeTreeDoes() {
        String[] args = {"--server", fixture.server(), "status"};
        CommandLine lazy = VantageCli.commandLine(new VantageCli(Clock.fixed(CliFixture.NOW, ZoneOffset.UTC), Map.of()), args);
        StringWriter out = new StringWriter();
        lazy.setOut(new PrintWriter(out, true));

        assertThat(lazy.execute(args)).isZero();
        assertThat(out.toString()).isEqualTo(Run.withArgs(args).execute().out());
    }
}
