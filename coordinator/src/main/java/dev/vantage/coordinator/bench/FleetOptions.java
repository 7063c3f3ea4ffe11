package dev.vantage.coordinator.bench;

import dev.vantage.common.time.Durations;
import picocli.CommandLine.Option;

/** The options of the benchmarks that run a fleet: N monitors x L locations at one interval, in a store of the user's or a fresh one. */
final class FleetOptions {

    @Option(names = "--monitors", defaultValue = "10000", description = "Monitors defined (default ${DEFAULT-VALUE}).")
    int monitors;

    @Option(names = "--locations", defaultValue = "3", description = "Locations per monitor (default ${DEFAULT-VALUE}).")
    int locations;

    @Option(names = "--interval", defaultValue = "60s", description = "Monitor interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--store-url", description = "JDBC URL of the store (default: a fresh SQLite file in a temp dir per run).")
    String storeUrl;

    Fleet fleet() {
        return Fleet.of(monitors, locations, Durations.parse(interval));
    }
}
