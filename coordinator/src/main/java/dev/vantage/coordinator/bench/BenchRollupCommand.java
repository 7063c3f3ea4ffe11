package dev.vantage.coordinator.bench;

import dev.vantage.common.time.Durations;
import dev.vantage.coordinator.store.RollupPass;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreConfig;
import dev.vantage.coordinator.store.StoreFactory;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `vantage bench rollup`: what one hourly rollup pass costs at N monitors x L locations, and what it costs the result writer. */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = {"Fills a fresh store with one hour of results of N monitors x L locations at the interval, then runs one pass",
                "of the hourly rollup loop over it while results of the next hour are stored alongside at the fleet's rate,",
                "and prints what the pass cost (wall, CPU, longest write transaction, peak heap) and what the rollups say:",
                "exit 1 unless they count exactly the results filled."})
public final class BenchRollupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    FleetOptions options;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = validFleet();
        PrintWriter out = spec.commandLine().getOut();
        try (BenchDir dir = new BenchDir("vantage-bench-rollup-");
             Store store = StoreFactory.open(StoreConfig.of(options.storeUrl == null
                     ? "jdbc:sqlite:" + dir.resolve("vantage.db") : options.storeUrl))) {
            if (!store.listMonitors().isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--store-url: the store has monitors; give an empty one");
            }
            out.printf("bench rollup: %d monitors x %d locations @%s, one hour of results, then one pass of the rollup loop; %s%n",
                    fleet.monitors(), fleet.locations().size(), Durations.format(fleet.interval()),
                    options.storeUrl == null ? "SQLite in a temp dir" : "store " + store);
            out.println(Machine.describe());
            out.flush();
            // The hour before the last: it ended more than the loop's grace ago, and results stored alongside go into the next one.
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
            RollupBenchmark.Figures f = RollupBenchmark.run(store, fleet, hour);
            print(out, f, store.sizeOnDiskBytes());
            return f.readBack().counts().equals(f.filled()) && f.readBack().fromRollups() == fleet.monitors() ? 0 : 1;
        }
    }

    private Fleet validFleet() {
        if (options.monitors < 1) {
            throw new ParameterException(spec.commandLine(), "--monitors: must be at least 1, was " + options.monitors);
        }
        if (options.locations < 1) {
            throw new ParameterException(spec.commandLine(), "--locations: must be at least 1, was " + options.locations);
        }
        Duration interval;
        try {
            interval = Durations.parse(options.interval);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--interval: " + e.getMessage());
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new ParameterException(spec.commandLine(), "--interval: must be from 1s to 1h, was " + Durations.format(interval));
        }
        return options.fleet();
    }

    private static void print(PrintWriter out, RollupBenchmark.Figures f, long storeBytes) {
        RollupBenchmark.Counts filled = f.filled();
        out.printf("filled: %,d results in the hour from %s (connected %,d, failed %,d, no agent %,d) in %.0f s (%,.0f/s); store %,d MiB%n",
                filled.results(), f.hour(), filled.connected(), filled.failed(), filled.noAgent(), f.fillSeconds(),
                filled.results() / f.fillSeconds(), storeBytes >> 20);
        RollupBenchmark.Pass p = f.pass();
        RollupPass r = p.rollup();
        out.printf("pass: %d hour(s), %,d monitor-hours in %.1f s wall, %.1f s CPU (its thread; the process %.1f s), %,.0f results/s;"
                        + " longest write transaction %d ms; peak heap %,d MiB%n",
                r.hours(), r.monitorHours(), p.wallSeconds(), p.cpuSeconds(), p.processCpuSeconds(), filled.results() / p.wallSeconds(),
                r.longestWrite().toMillis(), p.peakHeapBytes() >> 20);
        RollupBenchmark.Alongside a = f.alongside();
        out.printf("stored alongside: %,d results in %,d batches; a batch took p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                a.stored(), a.batches(), a.batchMicros().getValueAtPercentile(50) / 1e3, a.batchMicros().getValueAtPercentile(99) / 1e3,
                a.batchMicros().getMaxValue() / 1e3);
        RollupBenchmark.Counts back = f.readBack().counts();
        out.printf("rolled up: connected %,d, failed %,d, no agent %,d; %,d monitors read from rollups: %s%n",
                back.connected(), back.failed(), back.noAgent(), f.readBack().fromRollups(),
                back.equals(filled) ? "equal to what was filled" : "DIFFERENT from what was filled");
        out.flush();
    }
}
