package dev.vantage.coordinator.bench;

import dev.vantage.common.text.Display;

import dev.vantage.common.time.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `vantage bench scale`: a real coordinator keeping N monitors on time, figures printed per N. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Runs a real coordinator (real store, real gRPC streams) with N monitors x L locations against",
                "SYNTHETIC agents that answer every job at once WITHOUT network I/O, and prints how it keeps time."})
public final class BenchScaleCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--sweep", split = ",", paramLabel = "N,N,...", description = "Run once per N instead of --monitors, e.g. 10000,100000,1000000.")
    List<Integer> sweep;

    @Option(names = "--duration", defaultValue = "2m", description = "How long to measure each run (default ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--tls", description = "TLS on the coordinator's port and mutual TLS for the agents (certificates made per run).")
    boolean tls;

    @Option(names = "--metrics", defaultValue = "none", paramLabel = "none|locations|per_monitor",
            description = "Serve /metrics (metrics.per_monitor off or on) and scrape it every 15 s while measuring (default ${DEFAULT-VALUE}).")
    String metricsOption;

    @Override
    public Integer call() throws Exception {
        ScaleBenchmark.Metrics metrics;
        try {
            metrics = ScaleBenchmark.Metrics.valueOf(metricsOption.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("error: --metrics: must be none, locations or per_monitor, got " + Display.quote(metricsOption));
            return 2;
        }
        Duration every = fleet.fleet().interval();
        Duration span = Durations.parse(duration);
        List<Integer> sizes = sweep == null || sweep.isEmpty() ? List.of(fleet.monitors) : sweep;
        System.out.printf("bench scale: %d location(s), interval %s, %s per run, %s; agents are SYNTHETIC (answer without network I/O)%n",
                fleet.locations, Durations.format(every), Durations.format(span), (tls ? "mutual TLS" : "plaintext")
                        + (metrics == ScaleBenchmark.Metrics.NONE ? "" : ", /metrics scraped (" + metrics.name().toLowerCase(java.util.Locale.ROOT) + ")"));
        System.out.println(Machine.describe());
        System.out.println(header());
        List<ScaleBenchmark.Figures> all = new ArrayList<>();
        for (int n : sizes) {
            Path dir = Files.createTempDirectory("vantage-bench-");
            try {
                ScaleBenchmark.Figures f = ScaleBenchmark.run(dir, n, fleet.locations, every, span, fleet.storeUrl, tls, metrics);
                all.add(f);
                System.out.println(row(f));
                if (!f.scrapes().isEmpty()) {
                    System.out.println(scrapes(f.scrapes()));
                }
            } finally {
                deleteTree(dir);
            }
        }
        return all.stream().allMatch(f -> f.lost() == 0) ? 0 : 1;
    }

    static String header() {
        return String.format("%10s %9s %10s %12s %9s %9s %9s %12s %8s %10s %9s %12s %8s %10s",
                "monitors", "startup_s", "due", "dispatched/s", "late_p50", "late_p99", "late_max",
                "stored/s", "lost", "unfinished", "no_agent", "heap_gc_MiB", "cpu_s", "store_MiB");
    }

    static String row(ScaleBenchmark.Figures f) {
        Histogram h = f.lateness();
        return String.format("%10d %9.1f %10d %12.0f %7dms %7dms %7dms %12.0f %8d %10d %9d %12d %8.1f %10.1f",
                f.monitors(), f.startupSeconds(), f.due(), f.dispatched() / f.seconds(),
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getMaxValue(),
                f.storedInWindow() / f.seconds(), f.lost(), f.unfinished(), f.noAgent(), f.heapAfterGcBytes() >> 20, f.cpuSeconds(), f.storeBytes() / 1048576.0);
    }

    static String scrapes(List<Scrape> scrapes) {
        double[] millis = scrapes.stream().mapToDouble(Scrape::millis).sorted().toArray();
        Scrape last = scrapes.get(scrapes.size() - 1);
        return String.format("  /metrics scraped %d times every 15 s: %d samples, %d bytes, scrape p50 %.0f ms, max %.0f ms",
                scrapes.size(), last.samples(), last.bytes(), millis[millis.length / 2], millis[millis.length - 1]);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
