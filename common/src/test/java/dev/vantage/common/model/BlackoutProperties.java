package dev.vantage.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vantage.common.validation.ValidationException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BlackoutProperties {

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> words = Arbitraries.of("once", "weekly", "sun", "sat,sun", "02:00-04:00", "02:00+2h", "25:00-01:00",
                "UTC", "Europe/Paris", "Mars/Olympus", "stop-probing", "stop-alerting", "2024-05-01T02:00:00Z/2024-05-01T04:00:00Z",
                "2024-13-01T02:00:00Z/x", "+", "-", "/", "\u001b", "");
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(250),
                words.list().ofMaxSize(6).map(w -> String.join(" ", w)));
    }

    @Property(tries = 200)
    void anyLineIsABlackoutOrAnIllegalArgumentOrAValidationError(@ForAll("lines") String line) {
        Throwable t = catchThrowable(() -> Blackout.parse(line));

        if (t != null) {
            assertThat(t).isInstanceOfAny(IllegalArgumentException.class, ValidationException.class);
            assertThat(t.getMessage()).doesNotContain("\u001b");
        }
    }

    @Provide
    Arbitrary<Blackout> blackouts() {
        Arbitrary<BlackoutEffect> effect = Arbitraries.of(BlackoutEffect.class);
        Arbitrary<Blackout> weekly = Combinators.combine(
                Arbitraries.of(DayOfWeek.class).set().ofMinSize(1),
                Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60)),
                Arbitraries.integers().between(1, 7 * 24 * 60).map(Duration::ofMinutes),
                Arbitraries.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata").map(ZoneId::of),
                effect).as((Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone, BlackoutEffect e) ->
                new Blackout.Weekly(days, start, length, zone, e));
        Arbitrary<Blackout> once = Combinators.combine(
                Arbitraries.longs().between(0, 4_000_000_000L).map(Instant::ofEpochSecond),
                Arbitraries.longs().between(1, 400L * 86_400).map(Duration::ofSeconds),
                effect).as((from, length, e) -> new Blackout.OneOff(from, from.plus(length), e));
        return Arbitraries.oneOf(weekly, once);
    }

    @Property(tries = 200)
    void aFormattedBlackoutParsesBackToItself(@ForAll("blackouts") Blackout b) {
        assertThat(Blackout.parse(b.format())).isEqualTo(b);
    }
}
