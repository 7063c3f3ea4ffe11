package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.CliFixture.Run;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestCommandTest {
    private final CliFixture fixture = new CliFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void printsEachLocationsResultAsItArrivesAndExitsOneWhenALocationFails() throws Exception {
        Run run = Run.against(fixture.server(), "test", "web");
        CompletableFuture<Run> running = run.start();

        fixture.admin.sendTestResult(Canned.connected("eu-west", 12_345_678, "93.184.216.34:443", "eu-west-1", Duration.ZERO));
        await().atMost(Duration.ofSeconds(10)).until(() -> run.out().contains("eu-west-1"));
        assertThat(run.out()).doesNotContain("us-east");
        assertThat(running).isNotDone();

        fixture.admin.sendTestResult(Canned.refused("us-east", "93.184.216.34:443", "us-east-2", Duration.ZERO));
        fixture.admin.endTest();
        running.get(10, TimeUnit.SECONDS);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
                "LOCATION    CODE  STATUS                 REASON               CONNECT MS  ADDRESS                AGENT",
                "eu-west     0     OK                     -                    12.346      93.184.216.34:443      eu-west-1",
                "us-east     1     TCP connection failed  refused              -           93.184.216.34:443      us-east-2",
                "1 of 2 locations did not connect");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void exitsZeroWhenEveryLocationConnected() {
        fixture.admin.sendTestResult(Canned.connected("eu-west", 1_000_000, "10.0.0.1:443", "eu-west-1", Duration.ZERO));
        fixture.admin.sendTestResult(Canned.connected("us-east", 2_500_000, "10.0.0.1:443", "us-east-1", Duration.ZERO));
        fixture.admin.endTest();

        Run run = fixture.run("test", "web");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).last().isEqualTo("all 2 locations connected");
    }

    @Test
    void noAgentCountsAsNotConnected() {
        fixture.admin.sendTestResult(Canned.noAgent("ap-south", Duration.ZERO));
        fixture.admin.endTest();

        Run run = fixture.run("test", "web");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.outLines().get(1)).startsWith("ap-south    90    No agent available     no agent available   -");
    }

    @Test
    void jsonPrintsOneObjectPerLineWithFriendlyFields() throws Exception {
        fixture.admin.sendTestResult(Canned.connected("eu-west", 12_345_678, "93.184.216.34:443", "eu-west-1", Duration.ZERO));
        fixture.admin.sendTestResult(Canned.refused("us-east", "93.184.216.34:443", "us-east-2", Duration.ZERO));
        fixture.admin.endTest();

        Run run = fixture.run("test", "web", "--json");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.outLines();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode ok = json.readTree(lines.get(0));
        assertThat(ok.get("location").asText()).isEqualTo("eu-west");
        assertThat(ok.get("status_code").asInt()).isZero();
        assertThat(ok.get("status").asText()).isEqualTo("OK");
        assertThat(ok.get("reason").asText()).isEqualTo("none");
        assertThat(ok.get("connect_ms").isNumber()).isTrue();
        assertThat(ok.get("connect_ms").decimalValue()).isEqualByComparingTo("12.346");
        assertThat(ok.get("address").asText()).isEqualTo("93.184.216.34:443");
        assertThat(ok.get("agent").asText()).isEqualTo("eu-west-1");
        assertThat(ok.get("kind").asText()).isEqualTo("on_demand");
        assertThat(ok.get("started_at").asText()).isEqualTo("2025-03-01T12:00:00Z");
        JsonNode refused = json.readTree(lines.get(1));
        assertThat(refused.get("status_code").asInt()).isEqualTo(1);
        assertThat(refused.get("status").asText()).isEqualTo("TCP connection failed");
        assertThat(refused.get("reason").asText()).isEqualTo("refused");
        assertThat(refused.get("connect_ms").isNull()).isTrue();
        assertThat(refused.get("message").asText()).isEqualTo("connection refused");
    }
}
