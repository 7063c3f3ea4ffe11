package dev.vantage.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.SignalRules;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class SignalRulesValidationTest {
    private static final List<String> THREE = List.of("eu-west", "us-east", "ap-south");

    private static SignalRules rules(int regionalAfter, boolean notifyRegional, Optional<Duration> warn, int warnAfter, boolean notifySlow,
                                     int flapChanges, Duration flapWindow) {
        return new SignalRules(regionalAfter, notifyRegional, warn, warnAfter, notifySlow, flapChanges, flapWindow);
    }

    private static AbstractThrowableAssert<?, ?> rejects(SignalRules s, String field) {
        return assertThatThrownBy(() -> PolicyValidator.validate(AlertPolicy.defaults().withSignals(s), THREE, Set.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith(field + ": ")
                .matches(e -> ((ValidationException) e).field().equals(field), "field is " + field);
    }

    @Test
    void theDefaultsAreValidAndShowRegionalAfterThreeRoundsUnalerted() {
        SignalRules d = SignalRules.defaults();
        assertThat(d.regionalAfter()).isEqualTo(3);
        assertThat(d.notifyRegional()).isFalse();
        assertThat(d.warnConnectTime()).isEmpty();
        assertThat(d.flapDetectionOn()).isFalse();
        assertThatCode(() -> PolicyValidator.validate(AlertPolicy.defaults(), THREE, Set.of())).doesNotThrowAnyException();
    }

    @Test
    void eachBadSettingNamesItsOption() {
        Duration tenMinutes = Duration.ofMinutes(10);
        rejects(rules(101, false, Optional.empty(), 1, false, 0, tenMinutes), "regional-after").hasMessageContaining("or 0 to turn");
        rejects(rules(-1, false, Optional.empty(), 1, false, 0, tenMinutes), "regional-after");
        rejects(rules(0, true, Optional.empty(), 1, false, 0, tenMinutes), "notify-regional")
                .hasMessageContaining("--regional-after is 0");
        rejects(rules(3, false, Optional.of(Duration.ZERO), 1, false, 0, tenMinutes), "warn-connect-time");
        rejects(rules(3, false, Optional.of(Duration.ofMillis(200)), 0, false, 0, tenMinutes), "warn-after");
        rejects(rules(3, false, Optional.empty(), 1, true, 0, tenMinutes), "notify-slow").hasMessageContaining("--warn-connect-time");
        rejects(rules(3, false, Optional.empty(), 1, false, 1, tenMinutes), "flap-changes").hasMessageContaining("between 2 and 100");
        rejects(rules(3, false, Optional.empty(), 1, false, 101, tenMinutes), "flap-changes");
        rejects(rules(3, false, Optional.empty(), 1, false, 4, Duration.ofSeconds(9)), "flap-window").hasMessageContaining("10s");
        rejects(rules(3, false, Optional.empty(), 1, false, 4, Duration.ofDays(2)), "flap-window");
    }

    @Test
    void formatThenParseGivesTheSameRules() {
        QuickTheory.qt().forAll(
                SourceDSL.integers().between(0, 100),
                SourceDSL.integers().between(0, 10_000),
                SourceDSL.integers().between(0, 100),
                SourceDSL.integers().between(10, 86_400)).checkAssert((regional, warnMs, flap, windowS) -> {
                    boolean notify = (regional + flap) % 2 == 0;
                    SignalRules s = rules(regional, notify, warnMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(warnMs)),
                            1 + flap % 50, !notify, flap, Duration.ofSeconds(windowS));
                    assertThat(SignalRules.parse(s.format())).isEqualTo(s);
                });
        assertThat(SignalRules.parse("")).isEqualTo(SignalRules.defaults());
        assertThat(SignalRules.defaults().format())
                .isEqualTo("regional-after=3 notify-regional=no warn-connect-time=none warn-after=1 notify-slow=no flap-changes=0 flap-window=10m");
    }
}
