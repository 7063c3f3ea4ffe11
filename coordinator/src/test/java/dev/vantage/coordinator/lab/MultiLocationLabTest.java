package dev.vantage.coordinator.lab;

import dev.vantage.coordinator.testing.AgentProcess;
import dev.vantage.coordinator.testing.ChildJvm;
import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.pki.CertificateAuthority;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The same target looks different from different places, for real, on one machine: the
 * namespace lab of {@code deploy/lab/lab.sh} with one region per network namespace, a real
 * coordinator in this JVM (root namespace, on the lab's coordinator address), one real agent
 * process per region inside its namespace, and iptables impairments on the lab's router.
 * Everything is driven and checked through the {@code vantage} CLI with {@code --json}.
 *
 * <p>Needs root, network namespaces, iptables and tcpdump; skipped with the reason otherwise.
 * The lab has fixed names, so this is the only lab test class and it holds a resource lock.
 * Each impaired scenario uses its own target port and clears every impairment afterwards.
 */
@Tag("lab")
@ResourceLock("vantage-lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultiLocationLabTest {
    private static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
    private static final int OPEN_PORT = 8080;
    private static final int DROP_SYN_PORT = 8081;
    private static final int REJECT_PORT = 8082;
    private static final int SLOW_PORT = 8083;
    private static final int REJOIN_PORT = 8084;
    private static final int MODES_PORT = 8085;
    private static final int SLOW_WARN_PORT = 8086;
    private static final List<Integer> TARGET_PORTS = List.of(OPEN_PORT, DROP_SYN_PORT, REJECT_PORT, SLOW_PORT, REJOIN_PORT, MODES_PORT,
            SLOW_WARN_PORT);
    /** How long to wait for another session's lab to go away before skipping. */
    private static final Duration FOREIGN_LAB_WAIT = Duration.ofSeconds(60);
    /** Agent JVMs start in 2-4 s on an idle machine, over 10 s on a loaded one, and over 60 s at a load of 25 on 2 cores. */
    private static final Duration AGENT_WAIT = Duration.ofSeconds(120);

    private String skipReason;
    private Path dir;
    private Path pki;
    private Lab lab;
    private Coordinator coordinator;
    private Cli cli;
    private final Map<String, ChildJvm> agents = new LinkedHashMap<>();
    private final Thread cleanupOnExit = new Thread(() -> {
        List<RuntimeException> ignored = new ArrayList<>();
        agents.values().forEach(a -> attempt(ignored, a::kill));
        attempt(ignored, lab::close);
    }, "lab-cleanup-on-exit");

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void bringUpTheLab(@TempDir Path tempDir) {
        Optional<String> why = Lab.whyNotUsable();
        if (why.isPresent()) {
            skip(why.get());
            return;
        }
        dir = tempDir;
        Lab candidate = Lab.ofCheckout(dir);
        if (candidate.anyLabUp()) {
            System.err.println("lab: a lab is already up (not ours); waiting up to " + FOREIGN_LAB_WAIT + " for it to go down");
            if (!waitUntil(FOREIGN_LAB_WAIT, () -> !candidate.anyLabUp())) {
                skip("another lab is up on this machine (deploy/lab/lab.sh status); the lab has fixed names (vl-*), "
                        + "so only one can run at a time");
                return;
            }
        }
        lab = candidate;
        // if this JVM ends without @AfterAll (killed by a fork timeout, say), still leave nothing behind
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        lab.upNetworkOnly(TARGET_PORTS);

        String host = lab.get("COORDINATOR_HOST");
        // The lab's coordinator address is not loopback: TLS, as in production, with certificates from `vantage certs`' code.
        pki = dir.resolve("pki");
        CertificateAuthority ca = CertificateAuthority.create(pki, CertificateAuthority.DEFAULT_CA_VALIDITY, Clock.systemUTC());
        ca.issueServer(List.of(host), CertificateAuthority.DEFAULT_LEAF_VALIDITY);
        for (String region : REGIONS) {
            ca.issueAgent(region, null, CertificateAuthority.DEFAULT_LEAF_VALIDITY);
        }
        Properties tls = new Properties();
        tls.setProperty("tls.cert", pki.resolve("coordinator.crt").toString());
        tls.setProperty("tls.key", pki.resolve("coordinator.key").toString());
        tls.setProperty("tls.ca", pki.resolve("ca.crt").toString());
        tls.setProperty("http.listen", "off");
        coordinator = Coordinator.start(CoordinatorConfig.fromProperties(tls)
                .withListen(host, 0)
                .withStoreUrl("jdbc:sqlite:" + dir.resolve("vantage.db"))
                .withLocations(new LinkedHashSet<>(REGIONS), REGIONS));
        cli = Cli.withTokenFile(host + ":" + coordinator.port(), coordinator.initialTokenFile().orElseThrow())
                .withOptions(List.of("--tls-ca", pki.resolve("ca.crt").toString()));
        for (String region : REGIONS) {
            startAgent(region);
        }
        awaitAgentsOf(REGIONS);

        // the first probe of a fresh agent JVM loads and compiles the connect path; do that here,
        // not inside a measured connect time
        create("warm-up", OPEN_PORT);
        for (int i = 0; i < 3; i++) {
            assertThat(probeNow("warm-up")).hasSize(REGIONS.size());
        }
    }

    /**
     * Skipping here, per test, rather than in {@code @BeforeAll}: surefire reports a class whose
     * {@code @BeforeAll} aborts as "Tests run: 0" with no reason at all.
     */
    @BeforeEach
    void skipWhereTheLabCannotRun() {
        assumeTrue(skipReason == null, () -> "multi-location lab tests SKIPPED: " + skipReason);
    }

    @AfterEach
    void clearImpairmentsAndRestoreAgents() {
        if (lab == null || coordinator == null) {
            return;
        }
        lab.clear("all");
        for (String region : REGIONS) {
            if (!agents.get(region).isAlive()) {
                agents.get(region).close();
                startAgent(region);
            }
        }
        awaitAgentsOf(REGIONS);
    }

    @AfterAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void tearDownTheLab() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ChildJvm agent : agents.values()) {
            attempt(failures, agent::stop);
        }
        agents.clear();
        if (coordinator != null) {
            attempt(failures, coordinator::close);
        }
        if (lab != null) {
            attempt(failures, lab::close);
        }
        if (lab != null) {
            attempt(failures, () -> Runtime.getRuntime().removeShutdownHook(cleanupOnExit));
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("tearing down the lab failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------ tests --

    @Test
    void anOpenTargetConnectsFromEveryRegionAndEachAgentProbesFromItsOwnRegionsAddress() {
        create("open", OPEN_PORT);

        Cli.Run test = cli.run("test", "open", "--json", "--rpc-timeout", "20s");

        assertThat(test.exit()).as("%s", test).isZero();
        Map<String, JsonNode> results = byLocation(test);
        assertThat(results).containsOnlyKeys(REGIONS);
        results.forEach((region, r) -> {
            assertThat(r.get("status_code").asInt()).as("%s: %s", region, r).isZero();
            assertThat(r.get("reason").asText()).as("%s: %s", region, r).isEqualTo("none");
            assertThat(r.get("agent").asText()).as("%s: %s", region, r).isEqualTo(agentId(region));
            assertThat(r.get("address").asText()).as("%s: %s", region, r).isEqualTo(lab.get("TARGET_ADDR") + ":" + OPEN_PORT);
        });

        Map<String, JsonNode> locations = locations();
        assertThat(locations).containsOnlyKeys(REGIONS);
        List<String> regionAddresses = REGIONS.stream().map(r -> lab.region(r, "ADDR")).toList();
        assertThat(regionAddresses).doesNotHaveDuplicates();
        for (String region : REGIONS) {
            JsonNode agent = locations.get(region).get("agents").get(0);
            assertThat(locations.get(region).get("agents")).as("%s", locations.get(region)).hasSize(1);
            assertThat(agent.get("agent").asText()).isEqualTo(agentId(region));
            List<String> sources = texts(agent.get("source_addresses"));
            String own = lab.region(region, "ADDR");
            assertThat(sources).as("source addresses the agent of %s detected", region).contains(own);
            assertThat(sources).as("no other region's address in %s's sources", region)
                    .doesNotContainAnyElementsOf(regionAddresses.stream().filter(a -> !a.equals(own)).toList());
            assertThat(agent.get("peer_address").asText()).as("the coordinator sees %s's agent coming from", region)
                    .startsWith(own + ":");
        }
    }

    @Test
    void droppedSynsInEuWestTimeOutThereWhileTheOtherRegionsConnect() {
        lab.impair("eu-west", "drop-syn", DROP_SYN_PORT);
        create("drop-syn-eu-west", DROP_SYN_PORT);

        Map<String, JsonNode> results = probeNow("drop-syn-eu-west");

        assertThat(results).containsOnlyKeys(REGIONS);
        assertFailed(results.get("eu-west"), "timed out");
        assertConnected(results.get("us-east"));
        assertConnected(results.get("ap-south"));
    }

    @Test
    void oneRegionDroppingSynsAlertsOnlyInTheModesWhereOneLocationCounts() {
        lab.impair("eu-west", "drop-syn", MODES_PORT);
        create("modes-sla", MODES_PORT, "--mode", "sla", "--fail-locations", "2");
        create("modes-notify", MODES_PORT, "--mode", "global-notify");
        create("modes-verify", MODES_PORT, "--mode", "global-verify");

        // one round of each, side by side (each waits for eu-west's timeout and its retry)
        List<CompletableFuture<Optional<RoundVerdict>>> rounds = List.of(
                coordinator.runRoundNow("modes-sla"), coordinator.runRoundNow("modes-notify"), coordinator.runRoundNow("modes-verify"));
        rounds.forEach(r -> assertThat(r.orTimeout(60, TimeUnit.SECONDS).join()).isPresent());

        Map<String, String> states = new LinkedHashMap<>();
        for (JsonNode s : cli.run("status", "--json").json()) {
            states.put(s.get("monitor").get("name").asText(), s.get("state").asText());
        }
        // one failing location of three is below sla's threshold of 2: an error, but not confirmed
        assertThat(states).containsEntry("modes-sla", "WARNING").containsEntry("modes-notify", "DOWN").containsEntry("modes-verify", "WARNING");
        assertThat(alertsOf("modes-sla")).isEmpty();
        assertThat(alertsOf("modes-verify")).isEmpty();
        assertThat(alertsOf("modes-notify")).singleElement().satisfies(a -> {
            assertThat(a.get("kind").asText()).isEqualToIgnoringCase("open");
            assertThat(a.get("failing_locations")).singleElement().satisfies(f -> {
                assertThat(f.get("location").asText()).isEqualTo("eu-west");
                assertThat(f.get("reason").asText()).isEqualTo("timed out");
            });
        });
    }

    private List<JsonNode> alertsOf(String monitor) {
        Cli.Run run = cli.run("alerts", "list", "--monitor", monitor, "--json");
        assertThat(run.exit()).as("%s", run).isZero();
        List<JsonNode> alerts = new ArrayList<>();
        run.json().forEach(alerts::add);
        return alerts;
    }

    @Test
    void aResetInUsEastIsRefusedThereWhileTheOtherRegionsConnect() {
        lab.impair("us-east", "reject", REJECT_PORT);
        create("reject-us-east", REJECT_PORT);

        Map<String, JsonNode> results = probeNow("reject-us-east");

        assertThat(results).containsOnlyKeys(REGIONS);
        assertFailed(results.get("us-east"), "refused");
        assertConnected(results.get("eu-west"));
        assertConnected(results.get("ap-south"));
    }

    @Test
    void aDroppedFirstSynInApSouthCostsOneSynRetransmissionTimeoutAsTheWireShows() {
        lab.impair("ap-south", "slow", SLOW_PORT);
        create("slow-ap-south", SLOW_PORT);
        // no scheduled probe of this monitor may add a second connection to the capture
        Cli.Run paused = cli.run("monitor", "pause", "slow-ap-south");
        assertThat(paused.exit()).as("%s", paused).isZero();

        List<PacketCapture.Packet> packets;
        Map<String, JsonNode> results;
        try (PacketCapture capture = PacketCapture.start(lab.region("ap-south", "NS"), lab.region("ap-south", "IF"),
                "tcp port " + SLOW_PORT, dir)) {
            results = probeNow("slow-ap-south");
            packets = capture.stopAndRead();
        }

        assertThat(results).containsOnlyKeys(REGIONS);
        JsonNode apSouth = results.get("ap-south");
        assertConnected(apSouth);
        double connectMs = apSouth.get("connect_ms").asDouble();
        assertThat(connectMs).as("ap-south connect time (one SYN RTO): %s", apSouth).isBetween(900.0, 1500.0);

        List<PacketCapture.Connection> connections = PacketCapture.connectionsTo(packets, SLOW_PORT);
        String packetDump = String.join("\n", packets.stream().map(PacketCapture.Packet::line).toList());
        assertThat(connections).as("connections to port %d from ap-south during the capture:\n%s", SLOW_PORT, packetDump)
                .singleElement().satisfies(c -> {
                    assertThat(c.client()).as("the probe leaves from ap-south's address").isEqualTo(lab.region("ap-south", "ADDR"));
                    assertThat(c.syns()).as("the first SYN (dropped by the router) and its retransmission:\n%s", packetDump)
                            .hasSize(2);
                    assertThat(c.synAcks()).as("one SYN-ACK:\n%s", packetDump).hasSize(1);
                });
        double wireMs = connections.get(0).firstSynToSynAckMicros() / 1000.0;
        System.err.printf("lab: ap-south connect_ms=%.3f, first SYN to SYN-ACK on %s=%.3f ms; eu-west %s ms, us-east %s ms%n%s%n",
                connectMs, lab.region("ap-south", "IF"), wireMs, results.get("eu-west").get("connect_ms"),
                results.get("us-east").get("connect_ms"), packetDump);
        assertThat(connectMs).as("agent's connect_ms vs first SYN to SYN-ACK on the wire (%.3f ms):\n%s", wireMs, packetDump)
                .isCloseTo(wireMs, within(2.0));

        for (String fast : List.of("eu-west", "us-east")) {
            assertConnected(results.get(fast));
            assertThat(results.get(fast).get("connect_ms").asDouble()).as("%s: %s", fast, results.get(fast)).isLessThan(5.0);
        }
    }

    @Test
    void aDroppedFirstSynInApSouthIsASlowConnectWarningNeverAnErrorNorAnIncident() {
        lab.impair("ap-south", "slow", SLOW_WARN_PORT);
        create("slow-warn", SLOW_WARN_PORT, "--warn-connect-time", "200ms", "--notify-slow");

        Optional<RoundVerdict> round = coordinator.runRoundNow("slow-warn").orTimeout(60, TimeUnit.SECONDS).join();

        assertThat(round).isPresent();
        assertThat(round.get().verdict()).as("a slow connect is not a failure: %s", round.get()).isEqualTo(Verdict.OK);
        assertThat(round.get().slow()).singleElement().satisfies(s -> {
            assertThat(s.location()).isEqualTo("ap-south");
            assertThat(s.connectTime().toMillis()).as("one SYN RTO").isBetween(900L, 1500L);
        });
        JsonNode status = statusOf("slow-warn");
        assertThat(status.get("state").asText()).as("%s", status).isEqualTo("WARNING");
        assertThat(status.get("failing_locations")).as("%s", status).isEmpty();
        assertThat(status.get("incident_id").asText()).as("no incident: %s", status).isEmpty();
        assertThat(status.get("slow_locations")).as("%s", status).singleElement().satisfies(s -> {
            assertThat(s.get("location").asText()).isEqualTo("ap-south");
            assertThat(s.get("connect_ms").asDouble()).isBetween(900.0, 1500.0);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(cli.run("results", "slow-warn", "--json").json())
                .as("every probe connected (status 0), ap-south slowly").hasSize(REGIONS.size())
                .allSatisfy(r -> assertThat(r.get("status_code").asInt()).isZero()));
        assertThat(alertsOf("slow-warn")).singleElement().satisfies(a -> {
            assertThat(a.get("topic").asText()).isEqualTo("slow");
            assertThat(a.get("kind").asText()).isEqualToIgnoringCase("open");
            assertThat(a.get("failing_locations")).isEmpty();
            assertThat(a.get("slow_locations")).singleElement()
                    .satisfies(s -> assertThat(s.get("location").asText()).isEqualTo("ap-south"));
        });
    }

    @Test
    void aKilledAgentLeavesItsRegionWithNoAgentAvailableNotATargetFailureAndARestartedOneRejoins() {
        create("rejoin", REJOIN_PORT);

        agents.get("us-east").kill();

        await("us-east has no agent").atMost(AGENT_WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> locations().get("us-east").get("agents").isEmpty());
        Cli.Run table = cli.run("locations");
        assertThat(table.out().lines().filter(l -> l.startsWith("us-east")).toList()).as("%s", table)
                .singleElement().satisfies(l -> assertThat(l).contains("no agent"));
        Map<String, JsonNode> without = probeNow("rejoin");
        assertThat(without).containsOnlyKeys(REGIONS);
        assertThat(without.get("us-east").get("status_code").asInt()).as("%s", without.get("us-east")).isEqualTo(90);
        assertThat(without.get("us-east").get("reason").asText()).isEqualTo("no agent available");
        assertConnected(without.get("eu-west"));
        assertConnected(without.get("ap-south"));
        JsonNode status = statusOf("rejoin");
        assertThat(status.get("state").asText()).as("no agent is not a target failure: %s", status).isNotEqualTo("DOWN");

        startAgent("us-east");
        awaitAgentsOf(REGIONS);

        Map<String, JsonNode> rejoined = probeNow("rejoin");
        assertThat(rejoined).containsOnlyKeys(REGIONS);
        rejoined.values().forEach(MultiLocationLabTest::assertConnected);
        assertThat(rejoined.get("us-east").get("agent").asText()).isEqualTo(agentId("us-east"));
    }

    // ---------------------------------------------------------------------------------- helpers --

    private void startAgent(String region) {
        agents.put(region, AgentProcess.start(List.of("ip", "netns", "exec", lab.region(region, "NS")), List.of("-Xmx256m"), region,
                agentId(region), lab.get("COORDINATOR_HOST") + ":" + coordinator.port(), dir.resolve("agents"), List.of("--tls-cert", pki.resolve("agent-" + region + ".crt").toString(),
                        "--tls-key", pki.resolve("agent-" + region + ".key").toString(), "--tls-ca", pki.resolve("ca.crt").toString())));
    }

    private static String agentId(String region) {
        return "lab-" + region;
    }

    /** Waits until each of these regions has exactly its lab agent connected. */
    private void awaitAgentsOf(List<String> regions) {
        await("agents of " + regions + " connected").atMost(AGENT_WAIT).pollInterval(Duration.ofMillis(200))
                .failFast("an agent process exited", () -> {
                    for (String r : regions) {
                        if (!agents.get(r).isAlive()) {
                            throw new AssertionError("agent of " + r + " exited:\n" + agents.get(r).log());
                        }
                    }
                })
                .untilAsserted(() -> {
                    Map<String, JsonNode> locations = locations();
                    for (String r : regions) {
                        List<String> ids = new ArrayList<>();
                        locations.get(r).get("agents").forEach(a -> ids.add(a.get("agent").asText()));
                        assertThat(ids)
                                .as("agents of %s", r).containsExactly(agentId(r));
                    }
                });
    }

    /**
     * Creates a TCP monitor of the lab's target from every region. Further options (a monitoring
     * mode, alert settings) go in {@code extra}.
     */
    private void create(String name, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("monitor", "create", "--name", name, "--host", lab.get("TARGET_ADDR"),
                "--port", String.valueOf(port), "--interval", "60s", "--timeout", "3s", "--locations", String.join(",", REGIONS)));
        args.addAll(List.of(extra));
        Cli.Run r = cli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    /** {@code vantage test NAME --json}: one result per location, by location. */
    private Map<String, JsonNode> probeNow(String monitor) {
        return byLocation(cli.run("test", monitor, "--json", "--rpc-timeout", "20s"));
    }

    private static Map<String, JsonNode> byLocation(Cli.Run test) {
        assertThat(test.err()).as("%s", test).isEmpty();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode r : test.jsonLines()) {
            assertThat(out.put(r.get("location").asText(), r)).as("one result per location: %s", test).isNull();
        }
        assertThat(test.exit()).as("exit code: 0 when every location connected, else 1: %s", test)
                .isEqualTo(out.values().stream().allMatch(r -> r.get("status_code").asInt() == 0) ? 0 : 1);
        return out;
    }

    /** {@code vantage locations --json}, by location name. */
    private Map<String, JsonNode> locations() {
        Cli.Run run = cli.run("locations", "--json");
        assertThat(run.exit()).as("%s", run).isZero();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        run.json().forEach(l -> out.put(l.get("name").asText(), l));
        return out;
    }

    private JsonNode statusOf(String monitor) {
        Cli.Run run = cli.run("status", "--json");
        assertThat(run.exit()).as("%s", run).isZero();
        for (JsonNode s : run.json()) {
            if (s.get("monitor").get("name").asText().equals(monitor)) {
                return s;
            }
        }
        throw new AssertionError("no status for " + monitor + ": " + run);
    }

    private static void assertConnected(JsonNode r) {
        assertThat(r.get("status_code").asInt()).as("%s", r).isZero();
        assertThat(r.get("reason").asText()).as("%s", r).isEqualTo("none");
    }

    private static void assertFailed(JsonNode r, String reason) {
        assertThat(r.get("status_code").asInt()).as("%s", r).isEqualTo(1);
        assertThat(r.get("reason").asText()).as("%s", r).isEqualTo(reason);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private void skip(String reason) {
        skipReason = reason;
        System.err.println("multi-location lab tests SKIPPED: " + reason);
    }

    private static boolean waitUntil(Duration max, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(max).pollInterval(Duration.ofSeconds(1)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
