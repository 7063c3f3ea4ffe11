package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe-target policy end to end: the coordinator refuses monitors on denied IP literals, and
 * agents (real ones, over loopback) refuse to connect to denied addresses that names resolve to.
 */
class TargetPolicyTest {
    private static final String LOCATION = "eu-west";

    @TempDir
    Path dir;

    private static Properties settings(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    private static Cli.Run create(Cli cli, String name, String host, int port) {
        return cli.run("monitor", "create", "--name", name, "--host", host, "--port", Integer.toString(port),
                "--interval", "60s", "--timeout", "2s", "--locations", LOCATION);
    }

    /** The one result of {@code vantage test NAME --json} from the single location. */
    private static JsonNode test(Cli cli, String name) {
        List<JsonNode> results = cli.run("test", name, "--json").jsonLines();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "::ffff:169.254.169.254", "0.0.0.0", "224.0.0.1", "255.255.255.255", "fe80::1", "::"})
    void aMonitorOnADeniedAddressIsRefusedWithTheHostFieldAndNothingIsStored(String host) {
        try (Cluster cluster = new Cluster(dir, List.of(LOCATION))) {
            Cli cli = cluster.cli();

            Cli.Run run = create(cli, "meta", host, 80);

            assertThat(run.exit()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: host: " + host + " is in ").contains(", which targets.deny refuses")
                    .contains("; probe another address or change targets.deny");
            assertThat(cli.run("monitor", "list", "--json").json()).isEmpty();
        }
    }

    @Test
    void theMetadataAddressIsRefusedOnCreateAndOnUpdateWithTheRuleAndTheFix() {
        try (Cluster cluster = new Cluster(dir, List.of(LOCATION))) {
            Cli cli = cluster.cli();
            String expected = "error: host: 169.254.169.254 is in 169.254.0.0/16, which targets.deny refuses "
                    + "(link-local; cloud metadata services live here); probe another address or change targets.deny";

            Cli.Run created = create(cli, "meta", "169.254.169.254", 80);
            assertThat(create(cli, "web", "127.0.0.1", 80).exit()).isZero();
            Cli.Run updated = cli.run("monitor", "update", "web", "--host", "169.254.169.254");

            assertThat(created.exit()).isEqualTo(2);
            assertThat(created.err().strip()).isEqualTo(expected);
            assertThat(updated.exit()).isEqualTo(2);
            assertThat(updated.err().strip()).isEqualTo(expected);
            assertThat(cli.run("monitor", "show", "web", "--json").json().get("host").asText()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aNameTheAgentResolvesIntoADeniedRangeIsNeverConnectedTo() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0);
             Cluster cluster = new Cluster(dir, List.of(LOCATION), settings("targets.deny", "default,127.0.0.3/32"))) {
            cluster.startAgent(LOCATION, Map.of("app.internal", "127.0.0.3"));
            Cli cli = cluster.cli();
            assertThat(create(cli, "app", "app.internal", target.port()).exit()).isZero();

            JsonNode result = test(cli, "app");

            assertThat(result.get("status_code").asInt()).isEqualTo(1);
            assertThat(result.get("reason").asText()).isEqualTo("address not allowed");
            assertThat(result.get("address").asText()).isEqualTo("127.0.0.3:" + target.port());
            assertThat(result.get("message").asText()).isEqualTo("127.0.0.3 is in 127.0.0.3/32, which targets.deny refuses");
            assertThat(target.accepted()).isZero();
        }
    }

    @Test
    void withoutTheRuleTheSameMonitorConnects() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.3", 0);
             Cluster cluster = new Cluster(dir, List.of(LOCATION))) {
            cluster.startAgent(LOCATION, Map.of("app.internal", "127.0.0.3"));
            Cli cli = cluster.cli();
            assertThat(create(cli, "app", "app.internal", target.port()).exit()).isZero();

            JsonNode result = test(cli, "app");

            assertThat(result.get("status_code").asInt()).isZero();
            assertThat(result.get("address").asText()).isEqualTo("127.0.0.3:" + target.port());
            assertThat(target.accepted()).isPositive();
        }
    }

    @Test
    void theAgentsOwnDenyAppliesThoughTheCoordinatorAllowsTheAddress() throws Exception {
        try (OpenListener target = OpenListener.start("127.0.0.4", 0);
             Cluster cluster = new Cluster(dir, List.of(LOCATION))) {
            cluster.startAgent(LOCATION, c -> c.withResolve(Map.of("app.internal", "127.0.0.4"))
                    .withDeny(TargetPolicy.parseRules("127.0.0.4/32")));
            Cli cli = cluster.cli();
            assertThat(create(cli, "by-name", "app.internal", target.port()).exit()).isZero();
            assertThat(create(cli, "by-address", "127.0.0.4", target.port()).exit()).isZero();

            JsonNode byName = test(cli, "by-name");
            JsonNode byAddress = test(cli, "by-address");

            for (JsonNode result : List.of(byName, byAddress)) {
                assertThat(result.get("status_code").asInt()).isEqualTo(1);
                assertThat(result.get("reason").asText()).isEqualTo("address not allowed");
                assertThat(result.get("message").asText()).isEqualTo("127.0.0.4 is in 127.0.0.4/32, which agent --deny refuses");
            }
            assertThat(target.accepted()).isZero();
        }
    }

    @Test
    void aDeniedPortIsRefusedAndOtherPortsOfTheSameAddressAreNot() throws Exception {
        try (OpenListener denied = OpenListener.start(); OpenListener allowed = OpenListener.start();
             Cluster cluster = new Cluster(dir, List.of(LOCATION), settings("targets.deny", "default,127.0.0.1/32:" + denied.port()))) {
            cluster.startAgent(LOCATION, Map.of("app.internal", "127.0.0.1"));
            Cli cli = cluster.cli();

            Cli.Run literal = create(cli, "literal", "127.0.0.1", denied.port());
            assertThat(create(cli, "other", "127.0.0.1", allowed.port()).exit()).isZero();
            assertThat(create(cli, "by-name", "app.internal", denied.port()).exit()).isZero();
            JsonNode other = test(cli, "other");
            JsonNode byName = test(cli, "by-name");

            assertThat(literal.exit()).isEqualTo(2);
            assertThat(literal.err().strip()).isEqualTo("error: host: 127.0.0.1:" + denied.port() + " is in 127.0.0.1/32:" + denied.port()
                    + ", which targets.deny refuses; probe another address or change targets.deny");
            assertThat(other.get("status_code").asInt()).isZero();
            assertThat(byName.get("reason").asText()).isEqualTo("address not allowed");
            assertThat(denied.accepted()).isZero();
        }
    }
}
