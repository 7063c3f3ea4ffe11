package dev.vantage.coordinator.bench;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** A benchmark's monitors: bench-1 to bench-N, each probed from locations loc-1 to loc-L at one interval. */
record Fleet(int monitors, List<String> locations, Duration interval) {
    private static final int MONITORS_PER_TRANSACTION = 10_000;

    Fleet {
        locations = List.copyOf(locations);
    }

    static Fleet of(int monitors, int locations, Duration interval) {
        return new Fleet(monitors, IntStream.rangeClosed(1, locations).mapToObj(i -> "loc-" + i).toList(), interval);
    }

    /** Jobs (and results) per second when every monitor runs on time. */
    double jobsPerSecond() {
        return (double) monitors * locations.size() / interval.toMillis() * 1000;
    }

    /** Creates the monitors in transactions of 10,000 and returns them, by id. */
    List<Monitor> create(Store store) {
        List<Monitor> created = new ArrayList<>(monitors);
        List<MonitorSpec> batch = new ArrayList<>();
        for (int i = 1; i <= monitors; i++) {
            batch.add(new MonitorSpec("bench-" + i, "127.0.0.1", 9, interval, Duration.ofSeconds(5), locations));
            if (batch.size() == MONITORS_PER_TRANSACTION || i == monitors) {
                created.addAll(store.createMonitors(batch, Instant.now()));
                batch.clear();
            }
        }
        return created;
    }
}
