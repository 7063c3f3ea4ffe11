package dev.vantage.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.BlackoutEffect;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnumWordsTest {

    @Test
    void wordsAreLowerCaseWithDashes() {
        assertThat(EnumWords.of(BlackoutEffect.STOP_PROBING)).isEqualTo("stop-probing");
        assertThat(EnumWords.of(TimeUnit.SECONDS)).isEqualTo("seconds");
    }

    @Test
    void parsesAnyCaseAndIgnoresBlanksAround() {
        assertThat(EnumWords.parse(BlackoutEffect.class, "blackout effect", " Stop-Alerting ")).isEqualTo(BlackoutEffect.STOP_ALERTING);
    }

    @Test
    void aWrongWordIsAnsweredWithEveryRightOne() {
        assertThatThrownBy(() -> EnumWords.parse(BlackoutEffect.class, "blackout effect", "stop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'stop' is not a blackout effect; use stop-probing or stop-alerting");
        assertThatThrownBy(() -> EnumWords.parse(TimeUnit.class, "unit", "SECONDS_"))
                .hasMessage("'SECONDS_' is not a unit; use nanoseconds, microseconds, milliseconds, seconds, minutes, hours or days");
        assertThatThrownBy(() -> EnumWords.parse(TimeUnit.class, "unit", null)).hasMessage("'null' is not a unit; use nanoseconds, "
                + "microseconds, milliseconds, seconds, minutes, hours or days");
    }
}
