package dev.vantage.coordinator.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.time.Backoff;
import dev.vantage.common.model.FailureReason;
import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertTest {
    @Test
    void idempotencyKeyNamesIncidentKindAndReminderAndSurvivesRenumbering() {
        assertThat(Alerts.open(7, "inc-1").idempotencyKey()).isEqualTo("inc-1:open");
        assertThat(Alerts.reminder(7, "inc-1", 2).idempotencyKey()).isEqualTo("inc-1:reminder-2");
        assertThat(Alerts.clear(7, "inc-1").idempotencyKey()).isEqualTo("inc-1:clear");
        assertThat(Alerts.open(7, "inc-1").withSequence(5).idempotencyKey()).isEqualTo("inc-1:open");
    }

    @Test
    void statusCodeIsOneWhileOpenAndZeroForAClearWithItsOutage() {
        assertThat(Alerts.open(7, "i").statusCode()).isEqualTo(1);
        assertThat(Alerts.reminder(7, "i", 1).statusCode()).isEqualTo(1);
        Alert clear = Alerts.clear(7, "i");
        assertThat(clear.statusCode()).isZero();
        assertThat(clear.outage()).contains(Duration.ofMinutes(12).plusSeconds(34));
    }

    @Test
    void inconsistentAlertsAreRejected() {
        Alert ok = Alerts.open(7, "i");
        assertThatThrownBy(() -> new Alert(AlertKind.OPEN, "i", 0, 0, 7, "web", "h", 80, List.of(), ok.firstFailureAt(),
                ok.raisedAt(), Optional.empty(), Optional.empty())).hasMessageContaining("failing location");
        assertThatThrownBy(() -> new Alert(AlertKind.REMINDER, "i", 0, 0, 7, "web", "h", 80, ok.failingLocations(),
                ok.firstFailureAt(), ok.raisedAt(), Optional.empty(), Optional.empty())).hasMessageContaining("reminders count from 1");
        assertThatThrownBy(() -> new Alert(AlertKind.OPEN, "i", 0, 0, 7, "web", "h", 80, ok.failingLocations(),
                ok.firstFailureAt(), ok.raisedAt(), Optional.of(Duration.ZERO), Optional.empty())).hasMessageContaining("outage");
        assertThatThrownBy(() -> new Alert(AlertKind.OPEN, "i", 0, 0, 7, "web", "h", 0, ok.failingLocations(),
                ok.firstFailureAt(), ok.raisedAt(), Optional.empty(), Optional.empty())).hasMessageContaining("port 0");
        assertThatThrownBy(() -> new Alert(AlertKind.OPEN, "i", 0, 0, 7, "web", "h", 80, ok.failingLocations(),
                ok.firstFailureAt(), ok.raisedAt(), Optional.empty(), Optional.of(ClearReason.PAUSED))).hasMessageContaining("clear reason");
        assertThatThrownBy(() -> new LocationFailure("eu-west", FailureReason.NONE, ok.raisedAt())).hasMessageContaining("NONE");
        assertThatThrownBy(() -> ok.withSequence(0)).hasMessageContaining("start at 1");
    }

    @Test
    void backoffDoublesUpToTheMaximumAndJitterOnlyShortensIt() {
        Backoff exact = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0, () -> 0.5);
        assertThat(exact.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(exact.after(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(exact.after(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(exact.after(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(exact.after(1_000)).isEqualTo(Duration.ofMinutes(5));
        Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2, () -> 0.999);
        assertThat(jittered.after(4)).isBetween(Duration.ofMillis(6_400), Duration.ofSeconds(8));
    }
}
