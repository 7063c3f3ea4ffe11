package dev.vantage.coordinator.bench;

import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.tls.TlsSettings;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One run of the coordinator at scale: N monitors × L locations in a real store, a real
 * coordinator, real gRPC streams to synthetic agents (which answer without network I/O).
 */
final class ScaleBenchmark {

    record Figures(int monitors, int locations, Duration interval, double startupSeconds, double seconds,
                   long due, long dispatched, long storedInWindow, long lost, long unfinished, long noAgent, Histogram lateness,
                   long heapAfterGcBytes, double cpuSeconds, long storeBytes, List<Scrape> scrapes) {
    }

    /** {@code --metrics}: no HTTP endpoint, or /metrics served and scraped every 15 s as Prometheus would. */
    enum Metrics {
        NONE, LOCATIONS, PER_MONITOR
    }

    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(15);

    /**
     * @param tls     run the coordinator's port with TLS and the agents over mutual TLS, with certificates made for this run
     * @param metrics whether /metrics is served (with or without per-monitor series) and scraped during the measured window
     */
    static Figures run(Path dir, int monitors, int locations, Duration interval, Duration duration, String storeUrl, boolean tls,
                       Metrics metrics) throws Exception {
        Fleet fleet = Fleet.of(monitors, locations, interval);
        List<String> names = fleet.locations();
        String url = storeUrl != null ? storeUrl : "jdbc:sqlite:" + dir.resolve("bench-" + monitors + ".db");
        try (Store store = StoreFactory.open(StoreConfig.of(url))) {
            fleet.create(store);
        }

        // The initial admin token goes to this run's folder: a shared store's working-directory default
        // could hold one from an earlier run already.
        Properties settings = new Properties();
        settings.setProperty("admin.initial_token_file", dir.resolve("admin.token").toString());
        settings.setProperty("http.listen", metrics == Metrics.NONE ? "off" : "127.0.0.1:0");
        settings.setProperty("metrics.per_monitor", String.valueOf(metrics == Metrics.PER_MONITOR));
        Path pki = dir.resolve("pki");
        if (tls) {
            CertificateAuthority.init(pki, names, List.of(), CertificateAuthority.DEFAULT_LEAF_VALIDITY, Clock.systemUTC(),
                    issued -> { });
        }
        CoordinatorConfig config = CoordinatorConfig.fromProperties(settings)
                .withTls(tls ? TlsSettings.issuedIn(pki) : TlsSettings.none())
                .withListen("127.0.0.1", 0)
                .withStoreUrl(url)
                .withLocations(new LinkedHashSet<>(names), names);
        long cpuStart = cpuNanos();
        long t0 = System.nanoTime();
        List<SyntheticAgent> agents = new ArrayList<>();
        try (Coordinator c = Coordinator.start(config); AutoCloseable stopAgents = () -> agents.forEach(SyntheticAgent::close)) {
            double startup = (System.nanoTime() - t0) / 1e9;
            for (String location : names) {
                SyntheticAgent a = new SyntheticAgent("127.0.0.1", c.port(), location, 1, 50_000,
                        tls ? Optional.of(pki) : Optional.empty());
                agents.add(a);
                if (!a.awaitWelcome(30)) {
                    throw new IllegalStateException("synthetic agent of " + location + " was not welcomed");
                }
            }
            c.stats().takeLateness();
            long runStart = System.nanoTime();
            long pushedBefore = c.stats().scheduledPushed();
            long storedBefore = c.results().stored();
            List<Scrape> scrapes = metrics == Metrics.NONE ? List.of() : scrapeUntil(c, System.nanoTime() + duration.toNanos());
            TimeUnit.NANOSECONDS.sleep(Math.max(0, duration.toNanos() - (System.nanoTime() - runStart)));
            c.scheduler().halt();
            double seconds = (System.nanoTime() - runStart) / 1e9;
            long dispatched = c.stats().scheduledPushed() - pushedBefore;
            long storedInWindow = c.results().stored() - storedBefore;
            Histogram lateness = c.stats().takeLateness();
            awaitDrained(c);
            // Every job that fell due since start-up must have exactly one stored result (on-demand tests: none here);
            // jobs still with agents or queued after the drain are unfinished, not lost.
            long due = c.stats().scheduledDue();
            long stored = c.results().stored() + c.results().skipped();
            long unfinished = c.dispatcher().jobsPending();
            long heap = heapAfterGc();
            double cpu = (cpuNanos() - cpuStart) / 1e9;
            long size = c.store().sizeOnDiskBytes();
            return new Figures(monitors, locations, interval, startup, seconds, due, dispatched, storedInWindow,
                    due - stored - unfinished, unfinished, c.dispatcher().noAgentResults(), lateness, heap, cpu, size, scrapes);
        }
    }

    /**
     * Scrapes the coordinator's /metrics every 15 s until {@code deadlineNanos}, as a Prometheus server on the same host
     * would: plain HTTP on loopback, with TLS on or off.
     */
    private static List<Scrape> scrapeUntil(Coordinator c, long deadlineNanos) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + c.httpAddress().orElseThrow().getPort() + "/metrics");
        HttpClient http = HttpClient.newHttpClient();
        List<Scrape> scrapes = new ArrayList<>();
        long next = System.nanoTime();
        while (next < deadlineNanos) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            scrapes.add(Scrape.of(http, uri));
            next += SCRAPE_INTERVAL.toNanos();
        }
        return scrapes;
    }

    /**
     * Waits until every due job has ended and its result reached the store (or was skipped), up to
     * 5 minutes: a job the dispatcher has ended may still be on its way to the writer.
     */
    private static void awaitDrained(Coordinator c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && (c.dispatcher().jobsPending() > 0
                || c.results().stored() + c.results().skipped() < c.stats().scheduledDue())) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        c.results().flush();
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
