package dev.vantage.coordinator.status;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.coordinator.alert.MonitorCondition;
import dev.vantage.coordinator.alert.MonitorState;
import dev.vantage.coordinator.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * Every monitor's status: PAUSED for a paused monitor, else the condition its rounds gave (UP,
 * WARNING, DOWN since when with the failing locations, UNKNOWN when no location had an agent or no
 * round finished yet, BLACKOUT while probing is stopped); with the newest result of each location.
 */
public final class StatusBoard {
    private final Store store;
    private final Function<Monitor, MonitorCondition> conditions;
    private final LongUnaryOperator skippedRounds;

    /**
     * @param conditions    the condition of a monitor now (the round runner's)
     * @param skippedRounds a monitor's rounds skipped so far, by monitor id (the round runner's)
     */
    public StatusBoard(Store store, Function<Monitor, MonitorCondition> conditions, LongUnaryOperator skippedRounds) {
        this.store = store;
        this.conditions = conditions;
        this.skippedRounds = skippedRounds;
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
            out.add(new MonitorStatus(m, conditionOf(m), results, skippedRounds.applyAsLong(m.id())));
        }
        return out;
    }

    private MonitorCondition conditionOf(Monitor m) {
        MonitorCondition c = conditions.apply(m);
        if (m.paused()) {
            return new MonitorCondition(MonitorState.PAUSED, Optional.of(m.updatedAt()), List.of(), c.incidentId(), Optional.empty());
        }
        return c;
    }
}
