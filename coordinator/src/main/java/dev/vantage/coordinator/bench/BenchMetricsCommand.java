package dev.vantage.coordinator.bench;

import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vantage bench metrics`: how long a scrape of a real coordinator's /metrics takes, and how big it is, at
 * N monitors x L locations, each location with a latest result in the store (as after a round).
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Starts a real coordinator (SQLite store in a temp dir) with N monitors x L locations, each with a",
                "latest result, and times scrapes of its /metrics over HTTP on loopback, with and without metrics.per_monitor."})
public final class BenchMetricsCommand implements Callable<Integer> {

    @Option(names = "--monitors", defaultValue = "10000", description = "Monitors defined (default ${DEFAULT-VALUE}).")
    int monitors;

    @Option(names = "--locations", defaultValue = "3", description = "Locations per monitor (default ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--scrapes", defaultValue = "5", description = "Timed scrapes per setting, after one untimed (default ${DEFAULT-VALUE}).")
    int scrapes;

    @Override
    public Integer call() throws Exception {
        List<String> names = IntStream.rangeClosed(1, locations).mapToObj(i -> "loc-" + i).toList();
        Path dir = Files.createTempDirectory("vantage-bench-metrics-");
        try {
            String url = "jdbc:sqlite:" + dir.resolve("vantage.db");
            populate(url, monitors, names);
            System.out.printf("bench metrics: %d monitors x %d locations, each with a latest result; SQLite store; "
                    + "scrapes over HTTP on loopback%n", monitors, locations);
            System.out.println(Machine.describe());
            System.out.printf("%-12s %10s %12s %14s %14s%n", "per_monitor", "samples", "bytes", "scrape_ms_p50", "scrape_ms_max");
            for (boolean perMonitor : new boolean[] {true, false}) {
                System.out.println(row(dir, url, names, perMonitor));
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private String row(Path dir, String url, List<String> names, boolean perMonitor) throws Exception {
        Properties settings = new Properties();
        settings.setProperty("admin.initial_token_file", dir.resolve("admin-" + perMonitor + ".token").toString());
        settings.setProperty("http.listen", "127.0.0.1:0");
        settings.setProperty("metrics.per_monitor", String.valueOf(perMonitor));
        CoordinatorConfig config = CoordinatorConfig.fromProperties(settings)
                .withListen("127.0.0.1", 0)
                .withStoreUrl(url)
                .withLocations(new LinkedHashSet<>(names), names);
        try (Coordinator c = Coordinator.start(config)) {
            // No agents: stop the schedule, so that no round adds "no agent available" results while scraping.
            c.scheduler().halt();
            URI uri = URI.create("http://127.0.0.1:" + c.httpAddress().orElseThrow().getPort() + "/metrics");
            HttpClient http = HttpClient.newHttpClient();
            Scrape first = Scrape.of(http, uri);
            double[] millis = new double[scrapes];
            for (int i = 0; i < scrapes; i++) {
                millis[i] = Scrape.of(http, uri).millis();
            }
            Arrays.sort(millis);
            return String.format("%-12s %10d %12d %14.0f %14.0f", perMonitor, first.samples(), first.bytes(),
                    millis[millis.length / 2], millis[millis.length - 1]);
        }
    }

    /** N monitors, and one latest result per location: two of three connected, one refused. */
    private static void populate(String url, int monitors, List<String> locations) {
        try (Store store = StoreFactory.open(StoreConfig.of(url))) {
            Instant now = Instant.now();
            List<MonitorSpec> batch = new ArrayList<>();
            long job = 1;
            for (int i = 1; i <= monitors; i++) {
                batch.add(new MonitorSpec("bench-" + i, "127.0.0.1", 9, Duration.ofHours(24), Duration.ofSeconds(5), locations));
                if (batch.size() == 10_000 || i == monitors) {
                    List<ProbeResult> results = new ArrayList<>();
                    for (Monitor m : store.createMonitors(batch, now)) {
                        for (String l : locations) {
                            ProbeOutcome o = job % 3 == 0
                                    ? ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:9", now, "refused")
                                    : ProbeOutcome.connected(150_000 + job % 1000, "127.0.0.1:9", now);
                            results.add(new ProbeResult(job++, m.id(), l, "bench-agent", ResultKind.SCHEDULED, now, o));
                        }
                    }
                    store.insertResults(results);
                    batch.clear();
                }
            }
        }
    }
}
