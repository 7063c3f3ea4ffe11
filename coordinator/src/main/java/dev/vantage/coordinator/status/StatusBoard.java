package dev.vantage.coordinator.status;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every monitor's state from the newest result of each of its locations: UP when every
 * location that has an agent connected, DOWN when any of them failed, UNKNOWN when no location
 * has said anything about the target yet ("no agent available" says nothing about it).
 */
public final class StatusBoard {
    private final Store store;

    public StatusBoard(Store store) {
        this.store = store;
    }

    public List<MonitorStatus> all() {
        Map<Long, List<ProbeResult>> latest = new HashMap<>();
        for (ProbeResult r : store.latestResults()) {
            latest.computeIfAbsent(r.monitorId(), k -> new ArrayList<>()).add(r);
        }
        List<MonitorStatus> out = new ArrayList<>();
        for (Monitor m : store.listMonitors()) {
            List<ProbeResult> results = latest.getOrDefault(m.id(), List.of()).stream()
                    .filter(r -> m.spec().locations().contains(r.location()))
                    .sorted(Comparator.comparing(ProbeResult::location))
                    .toList();
            out.add(new MonitorStatus(m, stateOf(m, results), results));
        }
        return out;
    }

    static MonitorState stateOf(Monitor m, List<ProbeResult> results) {
        if (m.paused()) {
            return MonitorState.PAUSED;
        }
        List<ProbeResult> verdicts = results.stream().filter(r -> r.outcome().status().isTargetVerdict()).toList();
        if (verdicts.isEmpty()) {
            return MonitorState.UNKNOWN;
        }
        return verdicts.stream().anyMatch(r -> r.outcome().status() == StatusCode.TCP_CONNECTION_FAILED)
                ? MonitorState.DOWN : MonitorState.UP;
    }
}
