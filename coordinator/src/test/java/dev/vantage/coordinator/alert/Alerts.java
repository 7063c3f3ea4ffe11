package dev.vantage.coordinator.alert;

import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.common.model.FailureReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Alerts for tests. */
public final class Alerts {
    public static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    private Alerts() {
    }

    public static List<LocationFailure> failing() {
        return List.of(new LocationFailure("eu-west", FailureReason.TIMED_OUT, T0.plusSeconds(3)),
                new LocationFailure("us-east", FailureReason.REFUSED, T0.plusSeconds(4)));
    }

    public static Alert open(long monitorId, String incident) {
        return Alert.open(incident, monitorId, "web", "127.0.0.1", 8080, failing(), T0.plusSeconds(3), T0.plusSeconds(5));
    }

    public static Alert reminder(long monitorId, String incident, int n) {
        return Alert.reminder(incident, n, monitorId, "web", "127.0.0.1", 8080, failing(), T0.plusSeconds(3),
                T0.plusSeconds(5).plus(Duration.ofMinutes(10L * n)));
    }

    public static Alert clear(long monitorId, String incident) {
        return Alert.clear(incident, monitorId, "web", "127.0.0.1", 8080, failing(), T0.plusSeconds(3),
                T0.plusSeconds(3).plus(Duration.ofMinutes(12)).plusSeconds(34), ClearReason.RECOVERED);
    }
}
