package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.CliFixture.Run;
import dev.vantage.proto.v1.CreateMonitorRequest;
import dev.vantage.proto.v1.ListMonitorsResponse;
import dev.vantage.proto.v1.MonitorRef;
import dev.vantage.proto.v1.SetPausedRequest;
import dev.vantage.proto.v1.UpdateMonitorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MonitorCommandsTest {
    private final CliFixture fixture = new CliFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void createSendsTheDefinitionAndShowsTheStoredMonitor() {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 443, "eu-west", "us-east");

        Run run = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "443",
                "--interval", "60s", "--timeout", "10s", "--locations", "eu-west,us-east");

        assertThat(run.exitCode()).isZero();
        assertThat(fixture.admin.requests(CreateMonitorRequest.class)).containsExactly(CreateMonitorRequest.newBuilder()
                .setName("web").setHost("example.org").setPort(443).setIntervalMs(60_000).setTimeoutMs(10_000)
                .addLocations("eu-west").addLocations("us-east").build());
        assertThat(run.outLines()).startsWith(
                "created monitor web (id 7)",
                "id         7",
                "name       web",
                "target     example.org:443",
                "interval   1m",
                "timeout    10s",
                "locations  eu-west,us-east",
                "paused     no");
    }

    @Test
    void createWithoutLocationsLeavesThemToTheCoordinator() {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 443, "eu-west");

        Run run = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "443");

        assertThat(run.exitCode()).isZero();
        CreateMonitorRequest sent = fixture.admin.requests(CreateMonitorRequest.class).get(0);
        assertThat(sent.getLocationsList()).isEmpty();
        assertThat(sent.getIntervalMs()).isEqualTo(60_000);
        assertThat(sent.getTimeoutMs()).isEqualTo(10_000);
    }

    @Test
    void badDurationNamesTheOptionAndSendsNothing() {
        Run run = fixture.run("monitor", "create", "--name", "web", "--host", "example.org", "--port", "443", "--interval", "5x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: interval: '5x' is not a duration; write it like 30s, 5m, 1h or 1h30m");
        assertThat(fixture.admin.requests).isEmpty();
    }

    @Test
    void updateSendsOnlyTheGivenFields() {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 8443, "eu-west");

        Run run = fixture.run("monitor", "update", "web", "--port", "8443", "--timeout", "5s");

        assertThat(run.exitCode()).isZero();
        UpdateMonitorRequest sent = fixture.admin.requests(UpdateMonitorRequest.class).get(0);
        assertThat(sent.getMonitor().getRef()).isEqualTo("web");
        assertThat(sent.hasPort()).isTrue();
        assertThat(sent.getPort()).isEqualTo(8443);
        assertThat(sent.hasTimeoutMs()).isTrue();
        assertThat(sent.getTimeoutMs()).isEqualTo(5_000);
        assertThat(sent.hasName()).isFalse();
        assertThat(sent.hasHost()).isFalse();
        assertThat(sent.hasIntervalMs()).isFalse();
        assertThat(sent.hasLocations()).isFalse();
        assertThat(run.out()).startsWith("updated monitor web (id 7)");
    }

    @Test
    void updateWithLocationsReplacesThem() {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 443, "us-east", "ap-south");

        fixture.run("monitor", "update", "7", "--locations", "us-east,ap-south");

        UpdateMonitorRequest sent = fixture.admin.requests(UpdateMonitorRequest.class).get(0);
        assertThat(sent.getMonitor().getRef()).isEqualTo("7");
        assertThat(sent.getLocations().getNamesList()).containsExactly("us-east", "ap-south");
        assertThat(sent.hasPort()).isFalse();
    }

    @Test
    void updateWithNothingToChangeIsAUsageError() {
        Run run = fixture.run("monitor", "update", "web");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: nothing to change; give at least one of --name, --host, --port, --interval, "
                + "--timeout, --locations or a policy option (--mode, --start-notify, --notify, --blackout, …)\n");
        assertThat(fixture.admin.requests).isEmpty();
    }

    @Test
    void listShowsOneAlignedRowPerMonitor() {
        fixture.admin.monitors = ListMonitorsResponse.newBuilder()
                .addMonitors(Canned.monitor(1, "web", "example.org", 443, "eu-west", "us-east"))
                .addMonitors(Canned.monitor(12, "database-primary", "10.0.0.5", 5432, "eu-west").toBuilder().setPaused(true))
                .build();

        Run run = fixture.run("monitor", "list");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "ID  NAME              TARGET           INTERVAL  TIMEOUT  LOCATIONS        PAUSED",
                "1   web               example.org:443  1m        10s      eu-west,us-east  no",
                "12  database-primary  10.0.0.5:5432    1m        10s      eu-west          yes");
    }

    @Test
    void listAsJsonUsesFriendlyFieldNames() throws Exception {
        fixture.admin.monitors = ListMonitorsResponse.newBuilder()
                .addMonitors(Canned.monitor(1, "web", "example.org", 443, "eu-west"))
                .build();

        Run run = fixture.run("monitor", "list", "--json");

        JsonNode monitors = new ObjectMapper().readTree(run.out());
        assertThat(monitors.isArray()).isTrue();
        JsonNode web = monitors.get(0);
        assertThat(web.get("id").asLong()).isEqualTo(1);
        assertThat(web.get("name").asText()).isEqualTo("web");
        assertThat(web.get("host").asText()).isEqualTo("example.org");
        assertThat(web.get("port").asInt()).isEqualTo(443);
        assertThat(web.get("interval").asText()).isEqualTo("1m");
        assertThat(web.get("interval_ms").asLong()).isEqualTo(60_000);
        assertThat(web.get("timeout").asText()).isEqualTo("10s");
        assertThat(web.get("locations").get(0).asText()).isEqualTo("eu-west");
        assertThat(web.get("paused").asBoolean()).isFalse();
        assertThat(web.get("created_at").asText()).isEqualTo("2025-02-28T12:00:00Z");
    }

    @Test
    void pauseAndResumeSetThePausedFlag() {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 443, "eu-west");

        Run pause = fixture.run("monitor", "pause", "web");
        Run resume = fixture.run("monitor", "resume", "web");

        assertThat(fixture.admin.requests(SetPausedRequest.class)).extracting(SetPausedRequest::getPaused).containsExactly(true, false);
        assertThat(pause.out()).startsWith("paused monitor web (id 7)").contains("paused     yes");
        assertThat(resume.out()).startsWith("resumed monitor web (id 7)").contains("paused     no");
    }

    @Test
    void deleteAsJsonPrintsTheDeletedMonitor() throws Exception {
        fixture.admin.monitor = Canned.monitor(7, "web", "example.org", 443, "eu-west");

        Run run = fixture.run("monitor", "delete", "web", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(fixture.admin.requests(MonitorRef.class)).containsExactly(MonitorRef.newBuilder().setRef("web").build());
        assertThat(new ObjectMapper().readTree(run.out()).get("name").asText()).isEqualTo("web");
    }
}
