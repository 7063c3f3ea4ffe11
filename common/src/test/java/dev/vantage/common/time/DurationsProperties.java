package dev.vantage.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class DurationsProperties {

    @Property(tries = 200)
    void formatThenParseIsTheSameDuration(@ForAll @LongRange(min = 0, max = 10L * 365 * 86_400_000) long millis) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @Provide
    Arbitrary<String> durationLike() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789msdh \u001b").ofMaxLength(40));
    }

    @Property(tries = 200)
    void anythingElseIsAnIllegalArgumentWithoutControlCharacters(@ForAll("durationLike") String text) {
        Throwable t = catchThrowable(() -> Durations.parse(text));

        if (t != null) {
            assertThat(t).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).doesNotContain("\u001b");
        }
    }
}
