package dev.vantage.coordinator.metrics;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertKind;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.dispatch.LocationLoad;
import dev.vantage.coordinator.status.StatusBoard;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The coordinator's figures for Prometheus ({@code /metrics}), named as blackbox_exporter and Grafana
 * Synthetic Monitoring name theirs where they mean the same ({@code probe_success},
 * {@code probe_duration_seconds} with labels {@code probe} for the location and {@code instance} for
 * host:port), else {@code vantage_*}.
 *
 * <p>What it costs: per result, one counter increment and (connected results) one histogram
 * observation; per scheduled job pushed, one histogram observation; per batch stored, one. Everything
 * else is read when scraped from what the coordinator keeps anyway: the per-monitor series from the
 * {@link StatusBoard} (two store reads: the monitors and their latest results), the dispatcher's
 * per-location load, the writer's, round runner's and deliverer's counts.
 */
public final class CoordinatorMetrics {
    /** Connect times: sub-millisecond on a LAN up to the longest timeout. */
    private static final double[] CONNECT_BOUNDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] LATENESS_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    private static final double[] WRITE_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final boolean perMonitor;
    private final Counter probes;
    /** Per location, the counter of each reason, so counting a result is one map lookup and one increment. */
    private final Map<String, CounterDataPoint[]> probeCounts = new ConcurrentHashMap<>();
    private final Histogram connect;
    private final Histogram lateness;
    private final Histogram storeWrite;
    private final Counter alertsRaised;

    /** Where the figures read at scrape time come from. */
    public record Sources(
            StatusBoard board,
            Supplier<Map<String, LocationLoad>> loads,
            LongSupplier resultsStored,
            BooleanSupplier storeFailing,
            LongSupplier roundsSkipped,
            Supplier<Map<String, Map<String, Long>>> deliveries,
            Supplier<Map<String, Boolean>> degradedLocations) {
    }

    /**
     * The figures counted as things happen; {@link #readAtScrape} adds those read when scraped.
     *
     * @param perMonitor {@code metrics.per_monitor}: whether to have series per monitor and location
     */
    public CoordinatorMetrics(boolean perMonitor) {
        this.perMonitor = perMonitor;
        probes = Counter.builder().name("vantage_probes_total")
                .help("Probe results by location (probe), result (ok, failed, no_agent) and reason (as the CLI shows it)")
                .labelNames("probe", "result", "reason").register(registry);
        // By location only: one histogram per monitor and location held ~1 GiB of heap at 250,000 monitors x 3 (bench
        // scale) and made most of a scrape; per monitor, probe_duration_seconds has the latest connect time.
        connect = histogram("vantage_probe_connect_seconds", "TCP connect time of connected probes (SYN to established), by location",
                CONNECT_BOUNDS, "probe");
        lateness = histogram("vantage_dispatch_lateness_seconds",
                "How late scheduled jobs left for an agent, against their due time", LATENESS_BOUNDS);
        storeWrite = histogram("vantage_store_write_seconds", "Time to write one batch of results to the store", WRITE_BOUNDS);
        alertsRaised = Counter.builder().name("vantage_alerts_raised_total")
                .help("Alerts raised (saved for delivery), by kind: open, reminder, clear")
                .labelNames("kind").register(registry);
        // Each kind from 0, so that increase() sees the first alert of a kind too.
        for (AlertKind kind : AlertKind.values()) {
            alertsRaised.labelValues(kind.label());
        }
    }

    /** Registers the figures read when scraped; once, when everything they are read from exists. */
    public void readAtScrape(Sources sources) {
        CounterWithCallback.builder().name("vantage_results_stored_total").help("Probe results written to the store")
                .callback(cb -> cb.call(sources.resultsStored().getAsLong())).register(registry);
        GaugeWithCallback.builder().name("vantage_store_failing")
                .help("1 while writing results to the store fails (they are kept and retried), else 0")
                .callback(cb -> cb.call(sources.storeFailing().getAsBoolean() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("vantage_rounds_skipped_total")
                .help("Scheduled rounds skipped because the monitor's previous round had not finished")
                .callback(cb -> cb.call(sources.roundsSkipped().getAsLong())).register(registry);
        CounterWithCallback.builder().name("vantage_alert_deliveries_total")
                .help("Alert delivery attempts by channel and result: delivered, failed (retried), refused (by the receiver)")
                .labelNames("channel", "result")
                .callback(cb -> sources.deliveries().get().forEach((channel, byResult) ->
                        byResult.forEach((result, n) -> cb.call(n, channel, result))))
                .register(registry);
        location("vantage_agents_connected", "Agents connected, by location", sources.loads(), LocationLoad::agents);
        location("vantage_jobs_queued", "Jobs waiting for an agent of the location with room for them", sources.loads(), LocationLoad::queued);
        location("vantage_jobs_in_flight", "Jobs held by agents of the location, not yet answered", sources.loads(), LocationLoad::inFlight);
        GaugeWithCallback.builder().name("vantage_location_degraded")
                .help("1 while the location's canaries fail (DEGRADED: its probes are left out of every decision), else 0; "
                        + "locations with canaries only")
                .labelNames("location")
                .callback(cb -> sources.degradedLocations().get().forEach((location, degraded) -> cb.call(degraded ? 1 : 0, location)))
                .register(registry);
        if (perMonitor) {
            registry.register(new MonitorSeries(sources.board()));
        }
    }

    private Histogram histogram(String name, String help, double[] bounds, String... labels) {
        Histogram.Builder b = Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(bounds);
        if (labels.length > 0) {
            b.labelNames(labels);
        }
        b.withoutExemplars();
        return b.register(registry);
    }

    private void location(String name, String help, Supplier<Map<String, LocationLoad>> loads,
                          ToIntFunction<LocationLoad> figure) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("location")
                .callback(cb -> loads.get().forEach((location, load) -> cb.call(figure.applyAsInt(load), location)))
                .register(registry);
    }

    /** A probe result of {@code m} came in (any kind: scheduled, retry, verify, on demand). */
    public void probed(Monitor m, ProbeResult r) {
        CounterDataPoint[] byReason = probeCounts.computeIfAbsent(r.location(), this::countersOf);
        byReason[r.outcome().reason().ordinal()].inc();
        if (r.outcome().connected()) {
            connect.labelValues(r.location()).observe(r.outcome().connectNanos() / 1e9);
        }
    }

    private CounterDataPoint[] countersOf(String location) {
        CounterDataPoint[] out = new CounterDataPoint[FailureReason.values().length];
        for (FailureReason reason : FailureReason.values()) {
            out[reason.ordinal()] = probes.labelValues(location, result(reason), reason.label());
        }
        return out;
    }

    private static String result(FailureReason reason) {
        return switch (reason) {
            case NONE -> "ok";
            case NO_AGENT -> "no_agent";
            case LOCATION_UNHEALTHY -> "location_unhealthy";
            default -> "failed";
        };
    }

    /** A job left for an agent at {@code at} (the dispatcher's onPush); scheduled ones count for lateness. */
    public void pushed(Job job, Instant at) {
        if (job.kind() == ResultKind.SCHEDULED) {
            lateness.observe(Math.max(0, at.toEpochMilli() - job.dueAt().toEpochMilli()) / 1e3);
        }
    }

    /** The result writer stored a batch in {@code nanos}. */
    public void batchWritten(long nanos) {
        storeWrite.observe(nanos / 1e9);
    }

    public void alertsRaised(List<Alert> raised) {
        for (Alert a : raised) {
            alertsRaised.labelValues(a.kind().label()).inc();
        }
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
