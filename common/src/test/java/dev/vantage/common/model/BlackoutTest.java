package dev.vantage.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlackoutTest {
    // 2024-06-02 is a Sunday.
    private static final Instant SUNDAY_0200 = Instant.parse("2024-06-02T02:00:00Z");

    private static Blackout.Weekly sundays0200to0400() {
        return new Blackout.Weekly(Set.of(DayOfWeek.SUNDAY), LocalTime.of(2, 0), Duration.ofHours(2), ZoneOffset.UTC,
                BlackoutEffect.STOP_ALERTING);
    }

    @Test
    void oneOffIsActiveFromItsStartUntilJustBeforeItsEnd() {
        Blackout b = new Blackout.OneOff(SUNDAY_0200, SUNDAY_0200.plusSeconds(3600), BlackoutEffect.STOP_PROBING);
        assertThat(b.isActive(SUNDAY_0200.minusMillis(1))).isFalse();
        assertThat(b.isActive(SUNDAY_0200)).isTrue();
        assertThat(b.endOf(SUNDAY_0200.plusSeconds(10))).contains(SUNDAY_0200.plusSeconds(3600));
        assertThat(b.isActive(SUNDAY_0200.plusSeconds(3600))).isFalse();
        assertThat(b.endOf(SUNDAY_0200.plusSeconds(3600))).isEmpty();
    }

    @Test
    void weeklyBlackoutRecursEverySundayOnly() {
        Blackout.Weekly b = sundays0200to0400();
        assertThat(b.isActive(SUNDAY_0200.plus(Duration.ofMinutes(90)))).isTrue();
        assertThat(b.endOf(SUNDAY_0200.plus(Duration.ofMinutes(90)))).contains(Instant.parse("2024-06-02T04:00:00Z"));
        assertThat(b.isActive(Instant.parse("2024-06-02T04:00:00Z"))).isFalse();
        assertThat(b.isActive(Instant.parse("2024-06-09T03:59:59Z"))).isTrue();
        assertThat(b.isActive(Instant.parse("2024-06-03T03:00:00Z"))).isFalse();
    }

    @Test
    void weeklyWindowCrossingMidnightStaysActiveIntoTheNextDay() {
        Blackout b = Blackout.parse("weekly sat 23:00-01:00 UTC stop-probing");
        assertThat(b.isActive(Instant.parse("2024-06-01T23:30:00Z"))).isTrue();
        assertThat(b.isActive(Instant.parse("2024-06-02T00:30:00Z"))).isTrue();
        assertThat(b.endOf(Instant.parse("2024-06-02T00:30:00Z"))).contains(Instant.parse("2024-06-02T01:00:00Z"));
    }

    @Test
    void touchingWeeklyWindowsEndTogether() {
        Blackout b = new Blackout.Weekly(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.MIDNIGHT, Duration.ofDays(1),
                ZoneOffset.UTC, BlackoutEffect.STOP_ALERTING);
        assertThat(b.endOf(Instant.parse("2024-06-01T12:00:00Z"))).contains(Instant.parse("2024-06-03T00:00:00Z"));
    }

    @Test
    void weeklyWindowFollowsItsZone() {
        Blackout b = Blackout.parse("weekly sun 02:00-04:00 Europe/Berlin stop-alerting");
        assertThat(b.isActive(Instant.parse("2024-06-02T00:30:00Z"))).isTrue(); // 02:30 CEST
        assertThat(b.isActive(Instant.parse("2024-06-02T02:30:00Z"))).isFalse();
    }

    @Test
    void formatReadsBack() {
        List<Blackout> all = List.of(sundays0200to0400(),
                new Blackout.OneOff(SUNDAY_0200, SUNDAY_0200.plusSeconds(60), BlackoutEffect.STOP_PROBING),
                new Blackout.Weekly(Set.of(DayOfWeek.SATURDAY, DayOfWeek.MONDAY), LocalTime.of(22, 30), Duration.ofHours(3),
                        ZoneId.of("America/New_York"), BlackoutEffect.STOP_PROBING));
        for (Blackout b : all) {
            assertThat(Blackout.parse(b.format())).isEqualTo(b);
        }
        assertThat(sundays0200to0400().format()).isEqualTo("weekly sun 02:00+2h Z stop-alerting");
    }

    @Test
    void unreadableBlackoutSaysHowToWriteIt() {
        assertThatThrownBy(() -> Blackout.parse("weekly funday 02:00-04:00 UTC stop-alerting"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("funday");
        assertThatThrownBy(() -> Blackout.parse("sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weekly sat,sun 02:00-04:00 UTC");
    }

    @Test
    void policyKnowsWhichBlackoutStopsWhat() {
        AlertPolicy p = AlertPolicy.defaults().withBlackouts(List.of(sundays0200to0400()));
        Instant during = SUNDAY_0200.plusSeconds(60);
        assertThat(p.alertingStopped(during)).isTrue();
        assertThat(p.probingStopped(during)).isFalse();
        assertThat(p.blackoutEnd(during)).contains(Instant.parse("2024-06-02T04:00:00Z"));
    }
}
