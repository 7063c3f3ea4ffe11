package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.MonitoringMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundBudgetTest {
    private static final MonitorValidator VALIDATOR = new MonitorValidator(Set.of("eu-west", "us-east"));
    private static final List<String> TWO = List.of("eu-west", "us-east");

    private static MonitorSpec spec(int intervalSeconds, int timeoutSeconds, List<String> locations, AlertPolicy policy) {
        return new MonitorSpec("web", "127.0.0.1", 80, Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(timeoutSeconds), locations)
                .withPolicy(policy);
    }

    @Test
    void retryAndVerificationThatDoNotFitNameTimeoutAndShowTheArithmetic() {
        assertThatThrownBy(() -> VALIDATOR.validate(spec(10, 5, TWO, AlertPolicy.defaults())))
                .isInstanceOf(ValidationException.class)
                .hasMessage("timeout: a round can take up to 3 × 5s = 15s (first try, retry, verification), which does not fit in the "
                        + "interval 10s; raise --interval to at least 16s, or lower --timeout to at most 3s");
    }

    /** --no-retry is offered only where it alone makes the round fit: 2 × 5s would still fill 10s. */
    @Test
    void aRoundExactlyAsLongAsTheIntervalDoesNotFit() {
        assertThatThrownBy(() -> VALIDATOR.validate(spec(10, 5, TWO, AlertPolicy.defaults().withMode(new MonitoringMode.GlobalNotify()))))
                .hasMessage("timeout: a round can take up to 2 × 5s = 10s (first try, retry), which does not fit in the interval 10s; "
                        + "raise --interval to at least 11s, lower --timeout to at most 4s, or use --no-retry");
    }

    @Test
    void withoutRetryOnlyVerificationCounts() {
        assertThatThrownBy(() -> VALIDATOR.validate(spec(10, 6, TWO, AlertPolicy.defaults().withLocalRetry(false))))
                .hasMessage("timeout: a round can take up to 2 × 6s = 12s (first try, verification), which does not fit in the interval "
                        + "10s; raise --interval to at least 13s, or lower --timeout to at most 4s");
    }

    @Test
    void oneLocationHasNobodyToVerifyFrom() {
        assertThatCode(() -> VALIDATOR.validate(spec(10, 4, List.of("eu-west"), AlertPolicy.defaults()))).doesNotThrowAnyException();
        assertThatThrownBy(() -> VALIDATOR.validate(spec(10, 5, List.of("eu-west"), AlertPolicy.defaults())))
                .hasMessageStartingWith("timeout: a round can take up to 2 × 5s = 10s (first try, retry)");
    }

    @Test
    void aRoundThatFitsIsAccepted() {
        assertThatCode(() -> VALIDATOR.validate(spec(10, 3, TWO, AlertPolicy.defaults()))).doesNotThrowAnyException();
        assertThatCode(() -> VALIDATOR.validate(spec(16, 5, TWO, AlertPolicy.defaults()))).doesNotThrowAnyException();
    }
}
