package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a monitor's worst-case round fits in its interval. One location may need up to three
 * probes in sequence (the first try, the local retry when it is on, and a verification from another
 * location when the mode verifies and there is another location), each taking up to the timeout.
 * A round that does not end before the next one is due makes the scheduler skip that next round,
 * so such a monitor would not run at the interval it promises. With {@code --retry-interval} the
 * rounds of a failing monitor come at that shorter spacing, so the worst case must fit there too.
 */
public final class RoundBudget {
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private RoundBudget() {
    }

    /**
     * @throws ValidationException on {@code timeout}, or on {@code retry-interval} when only the faster
     *         rounds do not fit, with the arithmetic and the ways to fix it
     */
    public static void check(MonitorSpec spec) {
        List<String> steps = steps(spec);
        Duration worst = worstCase(spec);
        Duration interval = spec.interval();
        if (worst.compareTo(interval) >= 0) {
            throw tooLong(spec, "timeout", "the interval", interval, "--interval", MonitorValidator.MAX_INTERVAL, steps);
        }
        // While failing, rounds follow each other at the retry interval: the worst round must fit there too.
        Optional<Duration> retry = spec.policy().retryInterval();
        if (retry.isPresent() && worst.compareTo(retry.get()) >= 0) {
            throw tooLong(spec, "retry-interval", "the retry interval", retry.get(), "--retry-interval",
                    interval.minusMillis(1), steps);
        }
    }

    private static ValidationException tooLong(MonitorSpec spec, String field, String periodName, Duration period, String periodOption,
                                               Duration maxPeriod, List<String> steps) {
        int n = steps.size();
        Duration worst = spec.timeout().multipliedBy(n);
        List<String> fixes = new ArrayList<>();
        Duration minPeriod = worst.plus(ONE_SECOND);
        if (minPeriod.compareTo(maxPeriod) <= 0) {
            fixes.add("raise " + periodOption + " to at least " + Durations.format(minPeriod));
        }
        Duration maxTimeout = Duration.ofSeconds(period.minusMillis(1).dividedBy(n).toSeconds());
        if (maxTimeout.compareTo(MonitorValidator.MIN_TIMEOUT) >= 0) {
            fixes.add("lower --timeout to at most " + Durations.format(maxTimeout));
        }
        if (spec.policy().localRetry() && spec.timeout().multipliedBy(n - 1L).compareTo(period) < 0) {
            fixes.add("use --no-retry");
        }
        return new ValidationException(field, "a round can take up to " + n + " × " + Durations.format(spec.timeout()) + " = "
                + Durations.format(worst) + " (" + String.join(", ", steps) + "), which does not fit in " + periodName + " "
                + Durations.format(period) + "; " + orList(fixes));
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
