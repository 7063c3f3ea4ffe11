package dev.vantage.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.vantage.testkit.Gens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class DurationsPropertiesTest {

    @Test
    void formatThenParseIsTheSameDuration() {
        qt().withExamples(200).forAll(longs().between(0, 10L * 365 * 86_400_000)).checkAssert(millis -> {
            Duration d = Duration.ofMillis(millis);

            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        });
    }

    @Test
    void aMeasuredDurationReadsToTheNearestSecondInTheSameForm() {
        assertThat(Durations.rounded(Duration.ofMillis(9_999))).isEqualTo("10s");
        assertThat(Durations.rounded(Duration.ofMillis(754_321))).isEqualTo("12m34s");
        assertThat(Durations.rounded(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(Durations.rounded(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void aRoundedDurationParsesBackWithinHalfASecond() {
        qt().withExamples(200).forAll(longs().between(0, 10L * 365 * 86_400_000)).checkAssert(millis -> {
            Duration back = Durations.parse(Durations.rounded(Duration.ofMillis(millis)));

            assertThat(Math.abs(back.toMillis() - millis)).isLessThanOrEqualTo(500);
        });
    }

    private static Gen<String> durationLike() {
        return Generate.oneOf(
                Gens.anyChars(30),
                Gens.stringsOf("0123456789msdh \u001b", 0, 40));
    }

    @Test
    void anythingElseIsAnIllegalArgumentWithoutControlCharacters() {
        qt().withExamples(200).forAll(durationLike()).checkAssert(text -> {
            Throwable t = catchThrowable(() -> Durations.parse(text));

            if (t != null) {
                assertThat(t).isInstanceOf(IllegalArgumentException.class);
                assertThat(t.getMessage()).doesNotContain("\u001b");
            }
        });
    }
}
