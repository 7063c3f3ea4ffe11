package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a monitor's worst-case round fits in its interval. One location may need up to three
 * probes in sequence (the first try, the local retry when it is on, and a verification from another
 * location when the mode verifies and there is another location), each taking up to the timeout.
 * A round that does not end before the next one is due makes the scheduler skip that next round,
 * so such a monitor would not run at the interval it promises.
 */
public final class RoundBudget {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private RoundBudget() {
    }

    /** @throws ValidationException on {@code timeout}, with the arithmetic and the ways to fix it */
    public static void check(MonitorSpec spec) {
        List<String> steps = steps(spec);
        int n = steps.size();
        Duration worst = worstCase(spec);
        if (worst.compareTo(spec.interval()) < 0) {
            return;
        }
        List<String> fixes = new ArrayList<>();
        Duration minInterval = worst.plus(ONE_SECOND);
        if (minInterval.compareTo(MonitorValidator.MAX_INTERVAL) <= 0) {
            fixes.add("raise --interval to at least " + Durations.format(minInterval));
        }
        Duration maxTimeout = Duration.ofSeconds(spec.interval().minusMillis(1).dividedBy(n).toSeconds());
        if (maxTimeout.compareTo(MonitorValidator.MIN_TIMEOUT) >= 0) {
            fixes.add("lower --timeout to at most " + Durations.format(maxTimeout));
        }
        if (spec.policy().localRetry() && spec.timeout().multipliedBy(n - 1L).compareTo(spec.interval()) < 0) {
            fixes.add("use --no-retry");
        }
        throw new ValidationException("timeout", "a round can take up to " + n + " × " + Durations.format(spec.timeout()) + " = "
                + Durations.format(worst) + " (" + String.join(", ", steps) + "), which does not fit in the interval "
                + Durations.format(spec.interval()) + "; " + orList(fixes));
    }

    /** The longest a round of the monitor can take: the timeout times the probes one location may need in sequence. */
    public static Duration worstCase(MonitorSpec spec) {
        return spec.timeout().multipliedBy(steps(spec).size());
    }

    /** The probes one location may need in sequence in one round. */
    private static List<String> steps(MonitorSpec spec) {
        List<String> steps = new ArrayList<>(List.of("first try"));
        if (spec.policy().localRetry()) {
            steps.add("retry");
        }
        if (spec.policy().mode().verifiesFailures() && spec.locations().size() > 1) {
            steps.add("verification");
        }
        return steps;
    }

    private static String orList(List<String> fixes) {
        if (fixes.size() <= 1) {
            return String.join("", fixes);
        }
        return String.join(", ", fixes.subList(0, fixes.size() - 1)) + ", or " + fixes.get(fixes.size() - 1);
    }
}
