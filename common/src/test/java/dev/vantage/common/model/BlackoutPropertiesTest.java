package dev.vantage.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vantage.common.input.ValidationException;
import dev.vantage.testkit.Gens;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class BlackoutPropertiesTest {

    /** Any text, or up to six words of the blackout syntax (valid or not) joined by spaces. */
    private static Gen<String> lines() {
        Gen<String> words = Generate.pick(List.of("once", "weekly", "sun", "sat,sun", "02:00-04:00", "02:00+2h", "25:00-01:00",
                "UTC", "Europe/Paris", "Mars/Olympus", "stop-probing", "stop-alerting", "2024-05-01T02:00:00Z/2024-05-01T04:00:00Z",
                "2024-13-01T02:00:00Z/x", "+", "-", "/", "\u001b", ""));
        return Generate.oneOf(
                Gens.anyChars(250),
                lists().of(words).ofSizeBetween(0, 6).map(w -> String.join(" ", w)).describedAs(Gens::javaLiteral));
    }

    @Test
    void anyLineIsABlackoutOrAnIllegalArgumentOrAValidationError() {
        qt().withExamples(200).forAll(lines()).checkAssert(line -> {
            Throwable t = catchThrowable(() -> Blackout.parse(line));

            if (t != null) {
                assertThat(t).isInstanceOfAny(IllegalArgumentException.class, ValidationException.class);
                assertThat(t.getMessage()).doesNotContain("\u001b");
            }
        });
    }

    private static Gen<Blackout> blackouts() {
        Gen<BlackoutEffect> effect = Generate.enumValues(BlackoutEffect.class);
        Gen<Blackout> weekly = days().zip(
                integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60)),
                integers().between(1, 7 * 24 * 60).map(m -> Duration.ofMinutes(m)),
                Generate.pick(List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")).map(z -> ZoneId.of(z)),
                effect,
                (days, start, length, zone, e) -> new Blackout.Weekly(days, start, length, zone, e));
        Gen<Blackout> once = longs().between(0, 4_000_000_000L).map(s -> Instant.ofEpochSecond(s)).zip(
                longs().between(1, 400L * 86_400).map(s -> Duration.ofSeconds(s)),
                effect,
                (from, length, e) -> new Blackout.OneOff(from, from.plus(length), e));
        return Generate.oneOf(weekly, once);
    }

    /** A non-empty set of days: the bits of 1-127, one per day from Monday. */
    private static Gen<Set<DayOfWeek>> days() {
        return integers().between(1, 127).map(bits -> {
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (DayOfWeek d : DayOfWeek.values()) {
                if ((bits & 1 << d.ordinal()) != 0) {
                    days.add(d);
                }
            }
            return days;
        });
    }

    @Test
    void aFormattedBlackoutParsesBackToItself() {
        qt().withExamples(200).forAll(blackouts()).checkAssert(b -> assertThat(Blackout.parse(b.format())).isEqualTo(b));
    }
}
