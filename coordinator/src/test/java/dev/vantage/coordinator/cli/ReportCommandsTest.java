package dev.vantage.coordinator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.cli.CliFixture.Run;
import dev.vantage.proto.v1.AgentInfo;
import dev.vantage.proto.v1.GetStatusResponse;
import dev.vantage.proto.v1.ListLocationsResponse;
import dev.vantage.proto.v1.StoreHealth;
import dev.vantage.proto.v1.ListResultsRequest;
import dev.vantage.proto.v1.ListResultsResponse;
import dev.vantage.proto.v1.LocationInfo;
import dev.vantage.proto.v1.MonitorState;
import dev.vantage.proto.v1.MonitorStatus;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** status, results and locations: what a person reads and what a script parses. */
class ReportCommandsTest {
    private final CliFixture fixture = new CliFixture();

    @AfterEach
    void stop() throws InterruptedException {
        fixture.close();
    }

    @Test
    void statusShowsEachMonitorsStateAndLastResultPerLocation() {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(1, "web", "example.org", 443, "eu-west", "us-east"))
                        .setState(MonitorState.MONITOR_STATE_WARNING)
                        .addLastResults(Canned.connected("eu-west", 3_200_000, "93.184.216.34:443", "eu-west-1", Duration.ofSeconds(12)))
                        .addLastResults(Canned.refused("us-east", "93.184.216.34:443", "us-east-1", Duration.ofSeconds(75))))
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(2, "db", "10.0.0.5", 5432, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UNKNOWN))
                .build();

        Run run = fixture.run("status");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "MONITOR  STATE    TARGET           LOCATION  CODE  STATUS                 REASON   CONNECT MS  AGE",
                "web      WARNING  example.org:443  eu-west   0     OK                     -        3.200       12s ago",
                "web      WARNING  example.org:443  us-east   1     TCP connection failed  refused  -           1m15s ago",
                "db       UNKNOWN  10.0.0.5:5432    -         -     -                      -        -           -");
    }

    @Test
    void statusSaysFirstThatTheStoreIsFailing() {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(2, "db", "10.0.0.5", 5432, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UNKNOWN))
                .setStore(StoreHealth.newBuilder().setFailing(true).setFailingSinceUnixMs(CliFixture.NOW.minusSeconds(90).toEpochMilli())
                        .setProblem("connection refused").setResultsQueued(7))
                .build();

        Run run = fixture.run("status");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "store: FAILING since " + ResultColumn.Texts.time(CliFixture.NOW.minusSeconds(90))
                        + ": connection refused; 7 results queued, agents keep theirs until they are stored",
                "MONITOR  STATE    TARGET         LOCATION  CODE  STATUS  REASON  CONNECT MS  AGE",
                "db       UNKNOWN  10.0.0.5:5432  -         -     -       -       -           -");
    }

    @Test
    void statusAsJsonNamesTheStateAndNestsTheLastResults() throws Exception {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(1, "web", "example.org", 443, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_DOWN)
                        .addLastResults(Canned.refused("eu-west", "93.184.216.34:443", "eu-west-1", Duration.ofSeconds(5))))
                .build();

        Run run = fixture.run("status", "--json");

        JsonNode web = new ObjectMapper().readTree(run.out()).get(0);
        assertThat(web.get("state").asText()).isEqualTo("DOWN");
        assertThat(web.get("monitor").get("name").asText()).isEqualTo("web");
        JsonNode last = web.get("last_results").get(0);
        assertThat(last.get("location").asText()).isEqualTo("eu-west");
        assertThat(last.get("reason").asText()).isEqualTo("refused");
        assertThat(last.get("started_at").asText()).isEqualTo("2025-03-01T11:59:55Z");
    }

    @Test
    void statusSaysHowManyRoundsOfAMonitorWereSkippedInTheTableAndJson() throws Exception {
        fixture.admin.status = GetStatusResponse.newBuilder()
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(1, "web", "example.org", 443, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UP)
                        .setRoundsSkipped(7)
                        .addLastResults(Canned.connected("eu-west", 3_200_000, "93.184.216.34:443", "eu-west-1", Duration.ofSeconds(12))))
                .addMonitors(MonitorStatus.newBuilder()
                        .setMonitor(Canned.monitor(2, "db", "10.0.0.5", 5432, "eu-west"))
                        .setState(MonitorState.MONITOR_STATE_UNKNOWN))
                .build();

        Run table = fixture.run("status");
        Run json = fixture.run("status", "--json");

        assertThat(table.outLines()).endsWith("web: rounds skipped: 7 (the previous round had not finished; see the coordinator's log)");
        assertThat(table.outLines()).noneMatch(l -> l.startsWith("db:"));
        JsonNode monitors = new ObjectMapper().readTree(json.out());
        assertThat(monitors.get(0).get("rounds_skipped").asLong()).isEqualTo(7);
        assertThat(monitors.get(1).get("rounds_skipped").asLong()).isZero();
    }

    @Test
    void resultsAsksForTheFilterAndListsNewestFirst() {
        fixture.admin.results = ListResultsResponse.newBuilder()
                .addResults(Canned.refused("us-east", "93.184.216.34:443", "us-east-1", Duration.ofMinutes(1)))
                .addResults(Canned.connected("us-east", 4_000_000, "93.184.216.34:443", "us-east-1", Duration.ofMinutes(2)))
                .build();

        Run run = fixture.run("results", "web", "--location", "us-east", "--since", "1h", "--limit", "20");

        assertThat(run.exitCode()).isZero();
        ListResultsRequest sent = fixture.admin.requests(ListResultsRequest.class).get(0);
        assertThat(sent.getMonitor().getRef()).isEqualTo("web");
        assertThat(sent.getLocation()).isEqualTo("us-east");
        assertThat(sent.getSinceUnixMs()).isEqualTo(CliFixture.NOW.minus(Duration.ofHours(1)).toEpochMilli());
        assertThat(sent.getLimit()).isEqualTo(20);
        assertThat(run.outLines()).containsExactly(
                "STARTED               LOCATION  KIND       CODE  STATUS                 REASON   CONNECT MS  ADDRESS            AGENT",
                "2025-03-01T11:59:00Z  us-east   on demand  1     TCP connection failed  refused  -           93.184.216.34:443  us-east-1",
                "2025-03-01T11:58:00Z  us-east   on demand  0     OK                     -        4.000       93.184.216.34:443  us-east-1");
    }

    @Test
    void resultsWithoutFiltersLeavesThemToTheServer() {
        Run run = fixture.run("results", "web");

        assertThat(run.exitCode()).isZero();
        ListResultsRequest sent = fixture.admin.requests(ListResultsRequest.class).get(0);
        assertThat(sent.getLocation()).isEmpty();
        assertThat(sent.getSinceUnixMs()).isZero();
        assertThat(sent.getLimit()).isZero();
        assertThat(run.out()).isEqualTo("no results for web\n");
    }

    @Test
    void locationsShowAgentsTheirLoadAndSourceAddressesAndSayNoAgent() {
        long heartbeat = CliFixture.NOW.minusSeconds(5).toEpochMilli();
        fixture.admin.locations = ListLocationsResponse.newBuilder()
                .addLocations(LocationInfo.newBuilder().setName("eu-west")
                        .addAgents(AgentInfo.newBuilder().setAgentId("eu-west-1").setVersion("0.1.0").setHostname("probe-a")
                                .addSourceAddresses("203.0.113.7").addSourceAddresses("2001:db8::7")
                                .setLastHeartbeatUnixMs(heartbeat).setInFlight(2).setMaxInFlight(64).setResultsWaiting(3)))
                .addLocations(LocationInfo.newBuilder().setName("us-east"))
                .build();

        Run run = fixture.run("locations");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "LOCATION  HEALTH  AGENT      VERSION  HOST     HEARTBEAT  IN-FLIGHT  UNACKED  SOURCE ADDRESSES",
                "eu-west   -       eu-west-1  0.1.0    probe-a  5s ago     2/64       3        203.0.113.7,2001:db8::7",
                "us-east   -       no agent");
    }

    @Test
    void locationsShowTheirHealthFromTheirCanariesAndTheLatestCanaryRound() throws Exception {
        fixture.admin.locations = ListLocationsResponse.newBuilder()
                .addLocations(LocationInfo.newBuilder().setName("eu-west").setHealth("degraded")
                        .setHealthSinceUnixMs(CliFixture.NOW.minusSeconds(300).toEpochMilli())
                        .addCanaries("192.0.2.53:53").addCanaries("dns.example:53")
                        .setCanariesConnected(0).setCanariesAnswered(2)
                        .setCanaryRoundUnixMs(CliFixture.NOW.minusSeconds(12).toEpochMilli())
                        .addAgents(AgentInfo.newBuilder().setAgentId("eu-west-1").setVersion("0.1.0").setHostname("probe-a")
                                .addSourceAddresses("203.0.113.7").setLastHeartbeatUnixMs(CliFixture.NOW.toEpochMilli())
                                .setInFlight(0).setMaxInFlight(64)))
                .addLocations(LocationInfo.newBuilder().setName("us-east").setHealth("healthy").addCanaries("192.0.2.54:443"))
                .addLocations(LocationInfo.newBuilder().setName("ap-south").setHealth("unchecked"))
                .build();

        Run run = fixture.run("locations");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).containsExactly(
                "LOCATION  HEALTH    AGENT      VERSION  HOST     HEARTBEAT  IN-FLIGHT  UNACKED  SOURCE ADDRESSES",
                "eu-west   DEGRADED  eu-west-1  0.1.0    probe-a  0s ago     0/64       0        203.0.113.7",
                "us-east   HEALTHY   no agent",
                "ap-south  -         no agent",
                "eu-west: DEGRADED since " + CliFixture.NOW.minusSeconds(300) + " (5m ago); canaries 0 of 2 connected in the round due 12s ago: "
                        + "192.0.2.53:53, dns.example:53",
                "us-east: HEALTHY; canaries not probed yet: 192.0.2.54:443");

        JsonNode eu = new ObjectMapper().readTree(fixture.run("locations", "--json").out()).get(0);
        assertThat(eu.get("health").asText()).isEqualTo("degraded");
        assertThat(eu.get("health_since").asText()).isEqualTo(CliFixture.NOW.minusSeconds(300).toString());
        assertThat(eu.get("canaries")).extracting(JsonNode::asText).containsExactly("192.0.2.53:53", "dns.example:53");
        assertThat(eu.get("canaries_connected").asInt()).isZero();
        assertThat(eu.get("canaries_answered").asInt()).isEqualTo(2);
        assertThat(eu.get("canary_round_at").asText()).isEqualTo(CliFixture.NOW.minusSeconds(12).toString());
    }

    @Test
    void locationsAsJsonListAgents() throws Exception {
        fixture.admin.locations = ListLocationsResponse.newBuilder()
                .addLocations(LocationInfo.newBuilder().setName("eu-west")
                        .addAgents(AgentInfo.newBuilder().setAgentId("eu-west-1").addSourceAddresses("203.0.113.7")
                                .setInFlight(1).setMaxInFlight(8).setResultsWaiting(5)))
                .addLocations(LocationInfo.newBuilder().setName("us-east"))
                .build();

        Run run = fixture.run("locations", "--json");
        JsonNode locations = new ObjectMapper().readTree(run.out());

        JsonNode agent = locations.get(0).get("agents").get(0);
        assertThat(agent.get("agent").asText()).isEqualTo("eu-west-1");
        assertThat(agent.get("source_addresses").get(0).asText()).isEqualTo("203.0.113.7");
        assertThat(agent.get("in_flight").asInt()).isEqualTo(1);
        assertThat(agent.get("max_in_flight").asInt()).isEqualTo(8);
        assertThat(agent.get("results_waiting").asInt()).isEqualTo(5);
        assertThat(locations.get(1).get("agents")).isEmpty();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void locationsSayFirstThatTheStoreIsFailingAndJsonKeepsItsDocumentWithTheWarningOnStderr() throws Exception {
        fixture.admin.locations = ListLocationsResponse.newBuilder()
                .addLocations(LocationInfo.newBuilder().setName("eu-west"))
                .setStore(StoreHealth.newBuilder().setFailing(true).setFailingSinceUnixMs(CliFixture.NOW.minusSeconds(30).toEpochMilli())
                        .setProblem("[SQLITE_FULL] database or disk is full\u001b[2J").setResultsQueued(41))
                .build();

        Run table = fixture.run("locations");
        Run json = fixture.run("locations", "--json");

        String warning = "store: FAILING since " + ResultColumn.Texts.time(CliFixture.NOW.minusSeconds(30))
                + ": [SQLITE_FULL] database or disk is full\\u001b[2J; 41 results queued, agents keep theirs until they are stored";
        assertThat(table.outLines().get(0)).isEqualTo(warning);
        assertThat(new ObjectMapper().readTree(json.out()).get(0).get("name").asText()).isEqualTo("eu-west");
        assertThat(json.err()).isEqualTo("warning: " + warning + "\n");
    }
}
