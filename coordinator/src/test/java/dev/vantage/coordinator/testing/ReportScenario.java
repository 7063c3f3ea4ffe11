package dev.vantage.coordinator.testing;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.store.SavedAlertState;
import dev.vantage.coordinator.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One hour of a 60-second monitor probed from eu-west and us-east, with figures worked out by hand, for
 * report tests. Round k is due at {@code base + k minutes}; every result starts at its round's due time.
 * <ul>
 * <li>rounds 30-39 are missing (no coordinator): 50 rounds, 10 minutes unmonitored
 * <li>round 5: no agent in either location (a no-agent round); round 6: no agent in eu-west only
 * <li>rounds 10-12 and 50-51 fail everywhere: incident A from base+10m, cleared base+13m1s (3m1s);
 *     incident B from base+50m, cleared base+52m1s (2m1s)
 * <li>every other result connects: the n-th connected result of eu-west in n ms, of us-east in n × 0.1 ms
 * <li>a retry and an on-demand test, which a report leaves out
 * </ul>
 * By hand: 49 rounds with a verdict, 5 down, uptime 44/49 = 89.796 %; eu-west 43 connected, 5 failed,
 * 2 no agent, 43/48 = 89.583 %, p50/p95/p99 22/41/43 ms; us-east 44, 5, 1, 44/49 = 89.796 %,
 * 2.2/4.2/4.4 ms; 2 incidents, downtime 302 s, longest 181 s, MTTR 151 s.
 */
public final class ReportScenario {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private ReportScenario() {
    }

    /** Stores the scenario's results and alerts for {@code monitor} (60 s interval, locations eu-west and us-east). */
    public static void store(Store store, Monitor monitor, Instant base) {
        List<ProbeResult> results = new ArrayList<>();
        int euConnected = 0;
        int usConnected = 0;
        for (int k = 0; k < 60; k++) {
            if (k >= 30 && k < 40) {
                continue;
            }
            Instant due = base.plus(MINUTE.multipliedBy(k));
            boolean fails = (k >= 10 && k <= 12) || k == 50 || k == 51;
            for (String location : List.of("eu-west", "us-east")) {
                ProbeOutcome outcome;
                if (k == 5 || (k == 6 && location.equals("eu-west"))) {
                    outcome = ProbeOutcome.noAgent(due, "no agent of " + location);
                } else if (fails) {
                    outcome = ProbeOutcome.failed(FailureReason.REFUSED, "127.0.0.1:9", due, "connection refused");
                } else if (location.equals("eu-west")) {
                    outcome = ProbeOutcome.connected(++euConnected * 1_000_000L, "127.0.0.1:9", due);
                } else {
                    outcome = ProbeOutcome.connected(++usConnected * 100_000L, "127.0.0.1:9", due);
                }
                results.add(new ProbeResult(results.size() + 1, monitor.id(), location, "agent-" + location, ResultKind.SCHEDULED, due, outcome));
            }
        }
        Instant retried = base.plus(MINUTE.multipliedBy(20));
        results.add(new ProbeResult(1_000, monitor.id(), "eu-west", "agent-eu-west", ResultKind.RETRY, retried,
                ProbeOutcome.failed(FailureReason.TIMED_OUT, "127.0.0.1:9", retried, "timed out")));
        results.add(new ProbeResult(1_001, monitor.id(), "us-east", "agent-us-east", ResultKind.ON_DEMAND, retried,
                ProbeOutcome.connected(999_000_000L, "127.0.0.1:9", retried)));
        store.insertResults(results);
        incident(store, monitor, "incident-a", base.plus(MINUTE.multipliedBy(10)), base.plus(Duration.ofSeconds(13 * 60 + 1)));
        incident(store, monitor, "incident-b", base.plus(MINUTE.multipliedBy(50)), base.plus(Duration.ofSeconds(52 * 60 + 1)));
    }

    private static void incident(Store store, Monitor m, String id, Instant firstFailure, Instant cleared) {
        List<LocationFailure> failing = List.of(new LocationFailure("eu-west", FailureReason.REFUSED, firstFailure),
                new LocationFailure("us-east", FailureReason.REFUSED, firstFailure));
        Alert open = Alert.open(id, m.id(), m.name(), m.spec().host(), m.spec().port(), failing, firstFailure, firstFailure);
        store.saveAlertState(m.id(), SavedAlertState.initial(), List.of(new AlertIntent(open, List.of())), firstFailure);
        Alert clear = Alert.clear(id, m.id(), m.name(), m.spec().host(), m.spec().port(), failing, firstFailure, cleared, ClearReason.RECOVERED);
        store.saveAlertState(m.id(), SavedAlertState.initial(), List.of(new AlertIntent(clear, List.of())), cleared);
    }
}
