package dev.vantage.coordinator.metrics;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.coordinator.status.MonitorStatus;
import dev.vantage.coordinator.status.StatusBoard;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;

/**
 * The series per monitor and location, made when scraped from the status board (what {@code vantage
 * status} shows), so no result pays for them: {@code probe_success} and {@code probe_duration_seconds}
 * of each location's latest result, and {@code vantage_monitor_state}. A location whose latest result is
 * "no agent available" has no {@code probe_success}: that result says nothing about the target.
 */
final class MonitorSeries implements MultiCollector {
    static final String SUCCESS = "probe_success";
    static final String DURATION = "probe_duration_seconds";
    static final String STATE = "vantage_monitor_state";

    private final StatusBoard board;

    MonitorSeries(StatusBoard board) {
        this.board = board;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder success = GaugeSnapshot.builder().name(SUCCESS)
                .help("1 if the latest probe of the monitor from the location (probe) connected, else 0");
        GaugeSnapshot.Builder duration = GaugeSnapshot.builder().name(DURATION)
                .help("TCP connect time of the latest probe of the monitor from the location (probe); 0 when it did not connect");
        GaugeSnapshot.Builder state = GaugeSnapshot.builder().name(STATE)
                .help("1 for the monitor's current state (UP, WARNING, DOWN, UNKNOWN, PAUSED, BLACKOUT, REGIONAL, FLAPPING), 0 for the others");
        for (MonitorStatus s : board.all()) {
            String monitor = s.monitor().name();
            String instance = new HostPort(s.monitor().spec().host(), s.monitor().spec().port()).toString();
            for (ProbeResult r : s.lastResults()) {
                if (!r.outcome().status().isTargetVerdict()) {
                    continue;
                }
                Labels labels = Labels.of("instance", instance, "monitor", monitor, "probe", r.location());
                success.dataPoint(point(labels, r.outcome().connected() ? 1 : 0));
                duration.dataPoint(point(labels, r.outcome().connectNanos() / 1e9));
            }
            for (MonitorState st : MonitorState.values()) {
                state.dataPoint(point(Labels.of("monitor", monitor, "state", st.name()), st == s.state() ? 1 : 0));
            }
        }
        return MetricSnapshots.of(success.build(), duration.build(), state.build());
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(SUCCESS, DURATION, STATE);
    }
}
