package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vantage.coordinator.testing.Cli;
import dev.vantage.coordinator.testing.Scrape;
import dev.vantage.testkit.OpenListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the Prometheus alerting rules in deploy/ use only metrics a real
 * coordinator serves: every probe_* and vantage_* name in their queries is in a scrape of /metrics.
 */
class DeployMetricsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern METRIC = Pattern.compile("\\b(?:probe|vantage)_[a-z_]+\\b");

    @TempDir
    Path dir;

    @Test
    void theDashboardAndTheRulesUseOnlyMetricsTheCoordinatorServes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/vantage-dashboard.json").toFile());
        JsonNode rules = new YAMLMapper().readTree(DEPLOY.resolve("prometheus/vantage-rules.yml").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("title").asText()).isNotBlank();
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            panel.get("targets").forEach(t -> queries.add(t.get("expr").asText()));
        }
        queries.add(dashboard.at("/templating/list/1/definition").asText());
        List<String> alerts = new ArrayList<>();
        for (JsonNode rule : rules.at("/groups/0/rules")) {
            alerts.add(rule.get("alert").asText());
            queries.add(rule.get("expr").asText());
        }
        assertThat(alerts).containsExactly("VantageMonitorDown", "VantageLocationWithoutAgents", "VantageDispatchLatenessHigh",
                "VantageStoreFailing");

        Set<String> used = new TreeSet<>();
        for (String q : queries) {
            Matcher m = METRIC.matcher(q);
            while (m.find()) {
                used.add(m.group());
            }
        }

        Set<String> served = new TreeSet<>();
        // A channel, so the delivery counts have series (0 until an alert is sent; none is here).
        Properties settings = new Properties();
        settings.setProperty("channel.hook.type", "webhook");
        settings.setProperty("channel.hook.url", "http://127.0.0.1:9/never-called");
        settings.setProperty("channel.hook.secret", "a-secret-of-16-or-more-characters");
        try (Cluster cluster = new Cluster(dir, List.of("eu-west", "us-east"), settings); OpenListener open = OpenListener.start()) {
            cluster.startAgent("eu-west");
            cluster.startAgent("us-east");
            Cli.Run create = cluster.cli().run("monitor", "create", "--name", "web", "--host", open.host(), "--port",
                    String.valueOf(open.port()), "--interval", "24h", "--timeout", "2s");
            assertThat(create.exit()).as(create.err()).isZero();
            cluster.coordinator().runRoundNow("web").get();
            Scrape.Metrics m = await().atMost(Duration.ofSeconds(10)).until(() -> Scrape.metrics(cluster.coordinator().httpAddress().orElseThrow()),
                    s -> s.sampleNames().contains("probe_success"));
            served.addAll(m.types().keySet());
            served.addAll(m.sampleNames());
        }
        assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(served).as("metrics served").contains(name));
    }
}
