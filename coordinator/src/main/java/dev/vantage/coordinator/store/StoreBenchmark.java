package dev.vantage.coordinator.store;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the store on an empty database: creating monitors, inserting results in batches
 * (directly and through a {@link ResultWriter}), the status view, history and retention.
 *
 * <pre>
 * java -cp 'coordinator/target/classes:coordinator/target/lib/*' dev.vantage.coordinator.store.StoreBenchmark \
 *     JDBC_URL [USER] [SCHEMA] [RESULTS=1000000] [MONITORS=100000]
 * </pre>
 * USER and SCHEMA apply to PostgreSQL; pass "-" to leave one out.
 */
public final class StoreBenchmark {
    private static final List<String> LOCATIONS = List.of("fra", "nyc", "sgp");
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final int BATCH = 1_000;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: StoreBenchmark JDBC_URL [USER|-] [SCHEMA|-] [RESULTS] [MONITORS]");
            System.exit(2);
        }
        StoreConfig config = StoreConfig.of(args[0]).withPoolSize(8);
        if (args.length > 1 && !args[1].equals("-")) {
            config = config.withCredentials(args[1], "");
        }
        if (args.length > 2 && !args[2].equals("-")) {
            config = config.withSchema(args[2]);
        }
        int results = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int monitors = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;

        try (Store store = StoreFactory.open(config)) {
            if (!store.listMonitors().isEmpty()) {
                throw new IllegalStateException("the benchmark needs an empty store; " + args[0] + " has monitors");
            }
            System.out.printf("store: %s%n", store);
            long[] ids = createMonitors(store, monitors);
            insertDirect(store, ids, results);
            insertThroughWriter(store, ids, results / 5, results);
            System.out.printf("size on disk: %,d bytes (%.1f MiB)%n", store.sizeOnDiskBytes(), store.sizeOnDiskBytes() / 1048576.0);
            for (int run = 1; run <= 3; run++) {
                long t0 = System.nanoTime();
                int rows = store.latestResults().size();
                System.out.printf("status view (latestResults) run %d: %,d rows in %d ms%n", run, rows, millisSince(t0));
            }
            windowQueryForComparison(config);
            long t0 = System.nanoTime();
            int reads = 1_000;
            for (int i = 0; i < reads; i++) {
                store.results(ResultQuery.newest(ids[(i * 7919) % ids.length], 100).from(LOCATIONS.get(i % 3)));
            }
            System.out.printf("history (one monitor, one location, limit 100): %d queries in %d ms%n", reads, millisSince(t0));
            t0 = System.nanoTime();
            int purged = store.purgeResultsBefore(START.plusMillis(results / 10));
            System.out.printf("retention: purged %,d results in %d ms%n", purged, millisSince(t0));
        }
    }

    private static long[] createMonitors(Store store, int count) throws Exception {
        long t0 = System.nanoTime();
        int threads = 8;
        long[] ids = new long[count];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        MonitorSpec spec = new MonitorSpec("bench-" + i, "10.0." + (i / 250 % 250) + "." + (i % 250), 443,
                                Duration.ofSeconds(60), Duration.ofSeconds(5), LOCATIONS);
                        ids[i] = store.createMonitor(spec, START).id();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long ms = millisSince(t0);
        System.out.printf("created %,d monitors (%d locations each) with %d threads in %d ms: %,.0f monitors/s%n",
                count, LOCATIONS.size(), threads, ms, count * 1000.0 / Math.max(1, ms));
        return ids;
    }

    /** Results in start-time order, cycling over every (monitor, location), as a steady load writes them. */
    private static ProbeResult result(long[] ids, long n) {
        long monitor = ids[(int) (n / LOCATIONS.size() % ids.length)];
        String location = LOCATIONS.get((int) (n % LOCATIONS.size()));
        Instant started = START.plusMillis(n);
        ProbeOutcome outcome = n % 10 == 0
                ? ProbeOutcome.failed(FailureReason.TIMED_OUT, "10.0.0.1:443", started, "no answer within 5s")
                : ProbeOutcome.connected(800_000 + n % 100_000, "10.0.0.1:443", started);
        return new ProbeResult(n, monitor, location, "agent-" + location + "-1", ResultKind.SCHEDULED, started, outcome);
    }

    private static void insertDirect(Store store, long[] ids, int count) {
        long t0 = System.nanoTime();
        List<ProbeResult> batch = new ArrayList<>(BATCH);
        for (long n = 0; n < count; n++) {
            batch.add(result(ids, n));
            if (batch.size() == BATCH) {
                store.insertResults(batch);
                batch.clear();
            }
        }
        store.insertResults(batch);
        long ms = millisSince(t0);
        System.out.printf("insertResults: %,d results in batches of %d in %d ms: %,.0f rows/s%n",
                count, BATCH, ms, count * 1000.0 / Math.max(1, ms));
    }

    private static void insertThroughWriter(Store store, long[] ids, int count, long firstN) throws Exception {
        int threads = 4;
        long t0 = System.nanoTime();
        try (ResultWriter writer = new ResultWriter(store, ResultWriter.Settings.defaults()).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (long n = first; n < count; n += threads) {
                            writer.submit(result(ids, firstN + n));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            writer.flush();
            long ms = millisSince(t0);
            System.out.printf("ResultWriter: %,d results from %d threads in %d ms: %,.0f rows/s (%d batches, %d retried)%n",
                    writer.stored(), threads, ms, writer.stored() * 1000.0 / Math.max(1, ms), writer.batchesWritten(),
                    writer.failedAttempts());
        }
    }

    /** What the status view would cost without latest_results: the newest row per (monitor, location) out of all results. */
    private static void windowQueryForComparison(StoreConfig config) throws Exception {
        String sql = "SELECT monitor_id, location, started_at, status_code FROM (SELECT monitor_id, location, started_at, status_code,"
                + " ROW_NUMBER() OVER (PARTITION BY monitor_id, location ORDER BY started_at DESC, id DESC) AS n FROM results) newest"
                + " WHERE n = 1";
        try (var c = java.sql.DriverManager.getConnection(config.jdbcUrl(), config.user().orElse(null), config.password().orElse(null));
                var s = c.createStatement()) {
            if (config.schema().isPresent()) {
                s.execute("SET search_path TO " + config.schema().get());
            }
            long t0 = System.nanoTime();
            int rows = 0;
            try (var r = s.executeQuery(sql)) {
                while (r.next()) {
                    rows++;
                }
            }
            System.out.printf("for comparison, window query over all results: %,d rows in %d ms%n", rows, millisSince(t0));
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
