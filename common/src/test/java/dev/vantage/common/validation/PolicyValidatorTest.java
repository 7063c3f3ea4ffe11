package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.Blackout;
import dev.vantage.common.model.BlackoutEffect;
import dev.vantage.common.model.MonitoringMode;
import dev.vantage.common.model.NotifyRules;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PolicyValidatorTest {
    private static final List<String> TWO = List.of("eu-west", "us-east");
    private static final Set<String> CHANNELS = Set.of("ops-mail", "pager");

    private static AbstractThrowableAssert<?, ?> rejects(AlertPolicy p, List<String> locations, String field) {
        return assertThatThrownBy(() -> PolicyValidator.validate(p, locations, CHANNELS))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(field + ": ")
                .matches(e -> ((ValidationException) e).field().equals(field), "field is " + field);
    }

    @Test
    void defaultsAreValidEvenWithOneLocation() {
        assertThatCode(() -> PolicyValidator.validate(AlertPolicy.defaults(), List.of("eu-west"), Set.of())).doesNotThrowAnyException();
    }

    @Test
    void failLocationsAboveTheMonitorsLocationsNamesFailLocations() {
        rejects(AlertPolicy.defaults().withMode(MonitoringMode.Sla.atLeast(3)), TWO, "fail-locations")
                .hasMessageContaining("use 1 to 2, or 'all'");
        rejects(AlertPolicy.defaults().withMode(MonitoringMode.Sla.atLeast(0)), TWO, "fail-locations");
        assertThatCode(() -> PolicyValidator.validate(AlertPolicy.defaults().withMode(MonitoringMode.Sla.all()), TWO, CHANNELS))
                .doesNotThrowAnyException();
    }

    @Test
    void roundRobinWithOneLocationNamesMode() {
        rejects(AlertPolicy.defaults().withMode(new MonitoringMode.RoundRobin()), List.of("eu-west"), "mode")
                .hasMessageContaining("two or more locations");
    }

    @Test
    void homeLocationOutsideTheMonitorsLocationsNamesHomeLocation() {
        rejects(AlertPolicy.defaults().withMode(new MonitoringMode.Primary("ap-south")), TWO, "home-location")
                .hasMessageContaining("eu-west, us-east");
    }

    @Test
    void negativeOrTinyRemindEveryNamesRemindEvery() {
        NotifyRules negative = NotifyRules.defaults().withReminders(3, Duration.ofMinutes(-5));
        rejects(AlertPolicy.defaults().withNotifyRules(negative), TWO, "remind-every").hasMessageContaining("-5m");
        rejects(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withReminders(3, Duration.ZERO)), TWO, "remind-every");
        rejects(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withReminders(3, Duration.ofSeconds(1))), TWO,
                "remind-every");
    }

    @Test
    void remindersNeedRoomUnderStopNotifyAndASpacing() {
        NotifyRules noRoom = new NotifyRules(1, 1, Optional.of(Duration.ofMinutes(5)), true, List.of());
        rejects(AlertPolicy.defaults().withNotifyRules(noRoom), TWO, "remind-every").hasMessageContaining("--stop-notify");
        NotifyRules noSpacing = new NotifyRules(1, 3, Optional.empty(), true, List.of());
        rejects(AlertPolicy.defaults().withNotifyRules(noSpacing), TWO, "stop-notify").hasMessageContaining("--remind-every");
    }

    @Test
    void startAndStopNotifyBelowOneNameTheirFields() {
        rejects(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withStartNotify(0)), TWO, "start-notify");
        rejects(AlertPolicy.defaults().withNotifyRules(new NotifyRules(1, 0, Optional.empty(), true, List.of())), TWO, "stop-notify");
    }

    @Test
    void unknownOrRepeatedChannelNamesNotify() {
        rejects(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withChannels(List.of("slack"))), TWO, "notify")
                .hasMessageContaining("ops-mail, pager");
        rejects(AlertPolicy.defaults().withNotifyRules(NotifyRules.defaults().withChannels(List.of("pager", "pager"))), TWO, "notify");
    }

    @Test
    void blackoutEndingBeforeItStartsOrWithoutDaysNamesBlackout() {
        Instant t = Instant.parse("2024-06-02T02:00:00Z");
        rejects(AlertPolicy.defaults().withBlackouts(List.of(new Blackout.OneOff(t, t.minusSeconds(1), BlackoutEffect.STOP_PROBING))),
                TWO, "blackout").hasMessageContaining("--to");
        rejects(AlertPolicy.defaults().withBlackouts(List.of(new Blackout.Weekly(Set.of(), LocalTime.NOON, Duration.ofHours(1),
                ZoneOffset.UTC, BlackoutEffect.STOP_ALERTING))), TWO, "blackout");
        rejects(AlertPolicy.defaults().withBlackouts(List.of(new Blackout.Weekly(Set.of(DayOfWeek.MONDAY), LocalTime.NOON,
                Duration.ofHours(-1), ZoneOffset.UTC, BlackoutEffect.STOP_ALERTING))), TWO, "blackout");
    }
}
