package dev.vantage.coordinator.bench;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.report.RollupLoop;
import dev.vantage.coordinator.store.ConnectHistogram;
import dev.vantage.coordinator.store.ResultSummary;
import dev.vantage.coordinator.store.RollupPass;
import dev.vantage.coordinator.store.Store;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * One hour of a fleet's scheduled results written into a store, then one pass of the {@link RollupLoop} over it,
 * measured on its own thread while results of the next hour are stored alongside at the fleet's rate (as the
 * result writer does), so that what the pass costs the writer shows.
 */
final class RollupBenchmark {
    /** Results per insert transaction: the result writer's largest batch. */
    private static final int BATCH = 50_000;
    /**
     * Monitors filled at a time, round after round: results are stored in the order they happen within a block, so a
     * monitor's results lie far apart in the table as in a real store, and the block's range of the per-monitor
     * indexes stays in the writer's page cache, so that filling is quick.
     */
    private static final int BLOCK = 10_000;
    /** Results of a round start up to this long after it is due. */
    private static final long START_SPREAD_MILLIS = 50;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WRITER_TICK = Duration.ofMillis(100);

    /** Results by how they ended. */
    record Counts(long connected, long failed, long noAgent) {
        long results() {
            return connected + failed + noAgent;
        }
    }

    /** What the pass cost; {@code cpuSeconds} is the pass's own thread, {@code processCpuSeconds} includes the writer alongside. */
    record Pass(RollupPass rollup, double wallSeconds, double cpuSeconds, double processCpuSeconds, long peakHeapBytes) {
    }

    /** The results stored alongside the pass, and how long each batch took (waiting for the store's writer included). */
    record Alongside(long stored, int batches, Histogram batchMicros) {
    }

    /** What the rollups of the hour say, read back as reports read them; {@code fromRollups}: monitors answered from rollups. */
    record ReadBack(Counts counts, int fromRollups) {
    }

    record Figures(Instant hour, Counts filled, double fillSeconds, Pass pass, Alongside alongside, ReadBack readBack) {
    }

    private RollupBenchmark() {
    }

    /** @param hour the start of the hour to fill and roll up: a whole hour that ended, as the loop rolls up */
    static Figures run(Store store, Fleet fleet, Instant hour) throws InterruptedException {
        List<Monitor> monitors = fleet.create(store);
        long t0 = System.nanoTime();
        Counts filled = fill(store, fleet, monitors, hour);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;

        Instant end = hour.plus(HOUR);
        RollupLoop loop = new RollupLoop(store, Clock.fixed(end.plus(RollupLoop.GRACE), ZoneOffset.UTC),
                CoordinatorConfig.fromProperties(new Properties()).rollupRetention());
        Writer writer = new Writer(store, fleet, monitors, end);
        Thread writing = new Thread(writer, "bench-result-writer");
        writing.start();
        Pass pass;
        try {
            pass = measure(loop);
        } finally {
            writer.stop = true;
            writing.join();
        }
        return new Figures(hour, filled, fillSeconds, pass, writer.figures(), readBack(store, monitors, hour));
    }

    private static Pass measure(RollupLoop loop) {
        var threads = ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = ScaleBenchmark.cpuNanos();
        long t0 = System.nanoTime();
        RollupPass rollup = loop.runOnce();
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Pass(rollup, wall, (threads.getCurrentThreadCpuTime() - cpu) / 1e9, (ScaleBenchmark.cpuNanos() - processCpu) / 1e9,
                heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
    }

    /**
     * Every round of the hour of every monitor from every location, block by block. Monitor i of N is due at its
     * phase i/N of the interval, as the scheduler spreads them; a result starts 0-49 ms after its round is due, so all
     * of them start within the hour. One result in 200 is refused, one in 500 finds no agent; connect times vary
     * from 0.5 to 4.5 ms.
     */
    private static Counts fill(Store store, Fleet fleet, List<Monitor> monitors, Instant hour) {
        long interval = fleet.interval().toMillis();
        long rounds = HOUR.toMillis() / interval;
        long connected = 0;
        long failed = 0;
        long noAgent = 0;
        long n = 0;
        List<ProbeResult> batch = new ArrayList<>(BATCH);
        for (int from = 0; from < monitors.size(); from += BLOCK) {
            int to = Math.min(monitors.size(), from + BLOCK);
            for (long round = 0; round < rounds; round++) {
                for (int i = from; i < to; i++) {
                    Instant due = hour.plusMillis(phase(i, monitors.size(), interval) + round * interval);
                    Instant started = due.plusMillis((i + round) % START_SPREAD_MILLIS);
                    for (String location : fleet.locations()) {
                        ProbeOutcome outcome;
                        if (n % 200 == 199) {
                            outcome = ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:9", started, "connection refused");
                            failed++;
                        } else if (n % 500 == 498) {
                            outcome = ProbeOutcome.noAgent(started, "no agent of " + location);
                            noAgent++;
                        } else {
                            outcome = ProbeOutcome.connected(500_000 + n * 7_919 % 4_000_000, "127.0.0.1:9", started);
                            connected++;
                        }
                        batch.add(new ProbeResult(++n, monitors.get(i).id(), location, "bench-agent", ResultKind.SCHEDULED, due, outcome));
                        if (batch.size() == BATCH) {
                            store.insertResults(batch);
                            batch.clear();
                        }
                    }
                }
            }
        }
        store.insertResults(batch);
        return new Counts(connected, failed, noAgent);
    }

    /** Where in its interval monitor {@code i} of {@code n} is due, leaving room for the start spread before the next round. */
    private static long phase(long i, long n, long interval) {
        return i * (interval - START_SPREAD_MILLIS) / n;
    }

    /** The hour's counts as a report reads them: from rollups for a whole hour that is rolled up. */
    private static ReadBack readBack(Store store, List<Monitor> monitors, Instant hour) {
        long[] counts = new long[3];
        int fromRollups = 0;
        for (Monitor m : monitors) {
            ResultSummary summary = store.summarizeResults(m.id(), hour, hour.plus(HOUR));
            for (ResultSummary.StatusCount c : summary.counts()) {
                StatusCode status = StatusCode.ofCode(c.statusCode());
                counts[status == StatusCode.OK ? 0 : status == StatusCode.NO_AGENT_AVAILABLE ? 2 : 1] += c.count();
            }
            if (!summary.connectTimes().isEmpty() && summary.connectTimes().values().stream().allMatch(ConnectHistogram.class::isInstance)) {
                fromRollups++;
            }
        }
        return new ReadBack(new Counts(counts[0], counts[1], counts[2]), fromRollups);
    }

    /** Stores results of the hour after {@code from} at the fleet's rate, every 100 ms, until stopped; times each batch. */
    private static final class Writer implements Runnable {
        private final Store store;
        private final Fleet fleet;
        private final List<Monitor> monitors;
        private final Instant from;
        private final Histogram batchMicros = new Histogram(3_600_000_000L, 3);
        private volatile boolean stop;
        private long stored;
        private int batches;

        Writer(Store store, Fleet fleet, List<Monitor> monitors, Instant from) {
            this.store = store;
            this.fleet = fleet;
            this.monitors = monitors;
            this.from = from;
        }

        @Override
        public void run() {
            long interval = fleet.interval().toMillis();
            long start = System.nanoTime();
            long next = start;
            long written = 0;
            while (!stop) {
                next += WRITER_TICK.toNanos();
                long due = (long) (fleet.jobsPerSecond() * (System.nanoTime() - start) / 1e9);
                List<ProbeResult> batch = new ArrayList<>();
                for (; written < due; written++) {
                    long perRound = (long) monitors.size() * fleet.locations().size();
                    long round = written / perRound;
                    int i = (int) (written % perRound / fleet.locations().size());
                    Instant at = from.plusMillis(phase(i, monitors.size(), interval) + round * interval);
                    String location = fleet.locations().get((int) (written % fleet.locations().size()));
                    batch.add(new ProbeResult(written + 1, monitors.get(i).id(), location, "bench-agent", ResultKind.SCHEDULED, at,
                            ProbeOutcome.connected(1_000_000, "127.0.0.1:9", at)));
                }
                if (!batch.isEmpty()) {
                    long t0 = System.nanoTime();
                    stored += store.insertResults(batch);
                    batchMicros.recordValue(Math.min(batchMicros.getHighestTrackableValue(), (System.nanoTime() - t0) / 1_000));
                    batches++;
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** After the thread ended. */
        Alongside figures() {
            return new Alongside(stored, batches, batchMicros);
        }
    }
}
