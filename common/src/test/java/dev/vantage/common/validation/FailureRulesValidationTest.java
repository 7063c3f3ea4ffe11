package dev.vantage.common.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.AlertWindow;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.MonitoringMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** {@code --alert-when} and {@code --retry-interval} as the validator sees them, with the round budget. */
class FailureRulesValidationTest {
    private static final List<String> TWO = List.of("eu-west", "us-east");
    private static final MonitorValidator VALIDATOR = new MonitorValidator(Set.copyOf(TWO));

    private static MonitorSpec spec(int intervalSeconds, int timeoutSeconds, AlertPolicy policy) {
        return new MonitorSpec("web", "127.0.0.1", 80, Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds), TWO)
                .withPolicy(policy);
    }

    private static AlertPolicy window(String text) {
        return AlertPolicy.defaults().withAlertWhen(Optional.of(AlertWindow.parse(text)));
    }

    private static AlertPolicy retryEvery(int seconds) {
        return AlertPolicy.defaults().withRetryInterval(Optional.of(Duration.ofSeconds(seconds)));
    }

    private static AbstractThrowableAssert<?, ?> rejects(MonitorSpec spec, String field) {
        return assertThatThrownBy(() -> VALIDATOR.validate(spec))
                .isInstanceOf(ValidationException.class)
                .matches(e -> ((ValidationException) e).field().equals(field), "field is " + field);
    }

    @Test
    void bothWindowFormsAreAccepted() {
        assertThatCode(() -> VALIDATOR.validate(spec(60, 2, window("3 of 5")))).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validate(spec(60, 2, window("2m in 10m")))).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validate(spec(60, 2, window("1 of 1")))).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validate(spec(60, 2, window("100 of 100")))).doesNotThrowAnyException();
    }

    @Test
    void alertWhenWithStartNotifyIsRefusedNamingBoth() {
        AlertPolicy both = window("3 of 5").withNotifyRules(AlertPolicy.defaults().notifyRules().withStartNotify(3));
        rejects(spec(60, 2, both), "alert-when")
                .hasMessage("alert-when: cannot be combined with --start-notify 3: both decide when the incident opens; "
                        + "use --start-notify 1 with --alert-when, or --alert-when none");
    }

    @Test
    void windowsOutOfRangeNameAlertWhen() {
        rejects(spec(60, 2, window("6 of 5")), "alert-when")
                .hasMessage("alert-when: the error rounds must be 1 to 5 (the window's rounds), got '6 of 5'");
        rejects(spec(60, 2, window("0 of 5")), "alert-when");
        rejects(spec(60, 2, window("3 of 101")), "alert-when")
                .hasMessage("alert-when: the window must cover 1 to 100 rounds, got '3 of 101'");
        rejects(spec(60, 2, window("11m in 10m")), "alert-when")
                .hasMessage("alert-when: the time failing must be longer than 0s and at most the window (10m), got '11m in 10m'");
        rejects(spec(60, 2, window("0s in 10m")), "alert-when");
        rejects(spec(60, 2, window("1h in 25h")), "alert-when")
                .hasMessage("alert-when: the window must be longer than 0s and at most 1d, got '1h in 1d1h'");
    }

    @Test
    void unreadableWindowsSayBothForms() {
        assertThatThrownBy(() -> AlertWindow.parse("three of five"))
                .hasMessage("'three of five' is not a window; write 'K of N' (K error rounds among the latest N, e.g. '3 of 5') or "
                        + "'D in W' (failing for D within the latest W, e.g. '2m in 10m'), or 'none'");
        assertThatThrownBy(() -> AlertWindow.parse("2x in 10m")).hasMessageContaining("'2x' is not a duration")
                .hasMessageEndingWith("or 'none'");
    }

    @Test
    void windowsReadBackAsWritten() {
        assertThatCode(() -> {
            for (String text : List.of("3 of 5", "2m in 10m", "90s in 1h")) {
                String formatted = AlertWindow.parse(text).format();
                if (!AlertWindow.parse(formatted).equals(AlertWindow.parse(text))) {
                    throw new AssertionError(text + " -> " + formatted);
                }
            }
        }).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(AlertWindow.parse(" 2M IN 10M ").format()).isEqualTo("2m in 10m");
        org.assertj.core.api.Assertions.assertThat(AlertWindow.parse("90s in 1h").format()).isEqualTo("1m30s in 1h");
    }

    @Test
    void retryIntervalMustBeAtLeastTenSecondsAndShorterThanTheInterval() {
        assertThatCode(() -> VALIDATOR.validate(spec(60, 2, retryEvery(15)))).doesNotThrowAnyException();
        rejects(spec(60, 2, retryEvery(5)), "retry-interval")
                .hasMessage("retry-interval: must be at least 10s, got 5s; or 0s for none");
        rejects(spec(60, 2, retryEvery(60)), "retry-interval")
                .hasMessage("retry-interval: must be shorter than the interval (1m), got 1m; lower it, or use 0s for none");
    }

    /** The faster rounds follow each other at the retry interval, so the worst round must fit there as well. */
    @Test
    void roundBudgetCountsTheRetryInterval() {
        rejects(spec(60, 4, retryEvery(10)), "retry-interval")
                .hasMessage("retry-interval: a round can take up to 3 × 4s = 12s (first try, retry, verification), which does not fit "
                        + "in the retry interval 10s; raise --retry-interval to at least 13s, lower --timeout to at most 3s, or use --no-retry");
        rejects(spec(60, 6, retryEvery(12).withMode(new MonitoringMode.GlobalNotify())), "retry-interval")
                .hasMessage("retry-interval: a round can take up to 2 × 6s = 12s (first try, retry), which does not fit in the retry "
                        + "interval 12s; raise --retry-interval to at least 13s, lower --timeout to at most 5s, or use --no-retry");
        assertThatCode(() -> VALIDATOR.validate(spec(60, 4, retryEvery(13)))).doesNotThrowAnyException();
    }
}
