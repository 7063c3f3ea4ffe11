package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.agent.Agent;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.Verdict;
import dev.vantage.coordinator.dispatch.AgentSession;
import dev.vantage.coordinator.testing.AgentProcess;
import dev.vantage.coordinator.testing.ChildJvm;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.SilentTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real agents serving one location over real gRPC streams, probing a loopback target that
 * drops every SYN (so jobs stay in flight for their whole timeout): jobs spread by free credit, an
 * agent killed or frozen mid-round hands its jobs to another agent of the location, every job ends in
 * exactly one result, and the location keeps running with any one agent left.
 */
class LoadSharingTest {
    private static final int MONITORS = 6;

    @TempDir
    Path dir;

    private static Properties quickHeartbeats() {
        Properties p = new Properties();
        p.setProperty("agent.heartbeat", "1s");
        return p;
    }

    /** Monitors of eu-west only, one probe per round (no local retry), on the silent target. */
    private static List<String> createMonitors(Cli cli, SilentTarget target) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < MONITORS; i++) {
            String name = "shared-" + i;
            Cli.Run created = cli.run("monitor", "create", "--name", name, "--host", target.host(), "--port", Integer.toString(target.port()),
                    "--interval", "1h", "--timeout", "3s", "--locations", "eu-west", "--mode", "global-notify", "--no-retry");
            assertThat(created.exit()).as(created.toString()).isZero();
            names.add(name);
        }
        return names;
    }

    private static Map<String, Integer> inFlightByAgent(Cli cli) {
        Map<String, Integer> out = new TreeMap<>();
        for (JsonNode a : cli.run("locations", "--json").json().get(0).get("agents")) {
            out.put(a.get("agent").asText(), a.get("in_flight").asInt());
        }
        return out;
    }

    private static List<CompletableFuture<Optional<RoundVerdict>>> runRounds(Cluster cluster, List<String> names) {
        return names.stream().map(n -> cluster.coordinator().runRoundNow(n)).toList();
    }

    /** Every round decided on a real target failure (timed out), none on "no agent available". */
    private static void assertEveryRoundTimedOut(List<CompletableFuture<Optional<RoundVerdict>>> rounds) throws Exception {
        for (CompletableFuture<Optional<RoundVerdict>> round : rounds) {
            RoundVerdict v = round.get(60, TimeUnit.SECONDS).orElseThrow();
            assertThat(v.verdict()).isEqualTo(Verdict.ERROR);
            assertThat(v.failing()).singleElement().satisfies(f -> assertThat(f.reason().label()).isEqualTo("timed out"));
        }
    }

    /** All results of the monitors, as `results --json` shows them, once {@code expected} of them are stored. */
    private static List<JsonNode> results(Cli cli, List<String> names, int expected) {
        List<JsonNode> all = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            all.clear();
            for (String n : names) {
                Cli.Run run = cli.run("results", n, "--json");
                assertThat(run.exit()).as(run.toString()).isZero();
                run.json().forEach(all::add);
            }
            assertThat(all).hasSize(expected);
        });
        return all;
    }

    private static void assertOneResultPerJob(List<JsonNode> results) {
        Map<Long, Integer> perJob = new HashMap<>();
        results.forEach(r -> perJob.merge(r.get("job_id").asLong(), 1, Integer::sum));
        assertThat(perJob).as("results per job id").allSatisfy((job, n) -> assertThat(n).isEqualTo(1));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.get("status_code").asInt()).isEqualTo(1);
            assertThat(r.get("reason").asText()).isEqualTo("timed out");
        });
    }

    @Test
    void threeAgentsShareALocationByFreeCreditAndItKeepsRunningWithAnyOneLeft() throws Exception {
        try (SilentTarget target = SilentTarget.start();
             Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"), quickHeartbeats())) {
            Cli cli = cluster.cli();
            List<Agent> agents = new ArrayList<>();
            try {
                int[] credit = {2, 4, 6};
                for (int i = 0; i < credit.length; i++) {
                    int n = credit[i];
                    Agent a = Agent.start(cluster.agentConfig("eu-west").withAgentId("eu-" + (i + 1)).withMaxInFlight(n));
                    agents.add(a);
                    assertThat(a.awaitConnected(Duration.ofSeconds(20))).isTrue();
                    await().atMost(Duration.ofSeconds(10)).until(() -> inFlightByAgent(cli).size() == agents.size());
                }
                List<String> names = createMonitors(cli, target);

                List<CompletableFuture<Optional<RoundVerdict>>> first = runRounds(cluster, names);

                // free credit 2, 4, 6: the largest takes jobs until it has no more room than the next
                await().atMost(Duration.ofSeconds(5)).until(() -> inFlightByAgent(cli).values().stream().mapToInt(i -> i).sum() == MONITORS);
                assertThat(inFlightByAgent(cli)).containsExactlyEntriesOf(new TreeMap<>(Map.of("eu-1", 0, "eu-2", 2, "eu-3", 4)));
                assertEveryRoundTimedOut(first);
                List<JsonNode> shared = results(cli, names, MONITORS);
                assertOneResultPerJob(shared);
                assertThat(shared).extracting(r -> r.get("agent").asText()).containsOnly("eu-2", "eu-3");

                // two of three agents leave; the smallest one left runs every job, within its credit
                agents.get(1).close();
                agents.get(2).close();
                await().atMost(Duration.ofSeconds(10)).until(() -> inFlightByAgent(cli).keySet().equals(Set.of("eu-1")));

                List<CompletableFuture<Optional<RoundVerdict>>> second = runRounds(cluster, names);

                assertEveryRoundTimedOut(second);
                List<JsonNode> all = results(cli, names, 2 * MONITORS);
                assertOneResultPerJob(all);
                assertThat(all.stream().filter(r -> r.get("agent").asText().equals("eu-1"))).hasSize(MONITORS);
                assertThat(cli.run("alerts", "list", "--json").json()).allSatisfy(a ->
                        assertThat(a.get("failing_locations").get(0).get("reason").asText()).isEqualTo("timed out"));
            } finally {
                agents.forEach(Agent::close);
            }
        }
    }

    @Test
    void anAgentKilledMidRoundHandsItsJobsToTheOtherAgentAndEveryJobHasExactlyOneResult() throws Exception {
        agentLostMidRound(ChildJvm::kill, quickHeartbeats());
    }

    /**
     * With the default 5 s heartbeat a frozen agent is dropped for silence only after 15 s, later than
     * its 3 s jobs are given up on (timeout + 10 s): they would end as "no agent available". Holding
     * jobs past their timeout while silent for a heartbeat and a second gets it dropped first.
     */
    @Test
    void anAgentFrozenMidRoundWithItsConnectionOpenIsPresumedGoneAndItsJobsStillEndOnce() throws Exception {
        agentLostMidRound(ChildJvm::freeze, new Properties());
    }

    private interface Loss {
        void inflict(ChildJvm agent) throws Exception;
    }

    private void agentLostMidRound(Loss loss, Properties settings) throws Exception {
        try (SilentTarget target = SilentTarget.start();
             Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"), settings);
             ChildJvm doomed = AgentProcess.start("eu-west", "eu-doomed", cluster.port(), dir.resolve("logs"), "--max-in-flight", "10")) {
            Cli cli = cluster.cli();
            await("the agent process connects").atMost(Duration.ofSeconds(60)).until(() -> inFlightByAgent(cli).containsKey("eu-doomed"));
            Agent survivor = Agent.start(cluster.agentConfig("eu-west").withAgentId("eu-survivor").withMaxInFlight(10));
            try {
                assertThat(survivor.awaitConnected(Duration.ofSeconds(20))).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> inFlightByAgent(cli).size() == 2);
                List<String> names = createMonitors(cli, target);

                List<CompletableFuture<Optional<RoundVerdict>>> rounds = runRounds(cluster, names);

                // equal credit: the jobs alternate, first connected first; the doomed agent holds three mid-round
                await().atMost(Duration.ofSeconds(5)).until(() -> heldBy(cluster, "eu-doomed") == 3);
                loss.inflict(doomed);

                assertEveryRoundTimedOut(rounds);
                List<JsonNode> results = results(cli, names, MONITORS);
                assertOneResultPerJob(results);
                assertThat(results).as(doomed.log()).extracting(r -> r.get("agent").asText()).containsOnly("eu-survivor");
                assertThat(cluster.coordinator().dispatcher().agentsByLocation().get("eu-west"))
                        .extracting(s -> s.info().agentId()).containsExactly("eu-survivor");
            } finally {
                survivor.close();
            }
        }
    }

    private static int heldBy(Cluster cluster, String agentId) {
        return cluster.coordinator().dispatcher().agentsByLocation().get("eu-west").stream()
                .filter(s -> s.info().agentId().equals(agentId)).mapToInt(AgentSession::inFlight).sum();
    }
}
