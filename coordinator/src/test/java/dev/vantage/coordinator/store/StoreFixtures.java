package dev.vantage.coordinator.store;

import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Monitors and results to store in tests. Instants are whole milliseconds, as the store keeps them. */
final class StoreFixtures {
    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private StoreFixtures() {
    }

    static MonitorSpec spec(String name, String... locations) {
        return new MonitorSpec(name, "db.example.com", 5432, Duration.ofSeconds(60), Duration.ofSeconds(5),
                locations.length == 0 ? List.of("fra", "nyc") : List.of(locations));
    }

    static ProbeResult connected(long monitorId, String location, Instant startedAt) {
        return new ProbeResult(startedAt.toEpochMilli(), monitorId, location, "agent-" + location, ResultKind.SCHEDULED,
                startedAt.minusMillis(3), ProbeOutcome.connected(1_234_567, "192.0.2.10:5432", startedAt));
    }

    static ProbeResult refused(long monitorId, String location, Instant startedAt) {
        return new ProbeResult(startedAt.toEpochMilli(), monitorId, location, "agent-" + location, ResultKind.RETRY,
                startedAt, ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.10:5432", startedAt, "connection refused"));
    }
}
