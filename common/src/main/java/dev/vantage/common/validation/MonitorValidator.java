package dev.vantage.common.validation;

import dev.vantage.common.input.ValidationException;
import dev.vantage.common.input.Limits;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.text.Display;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.time.Durations;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that decides whether a monitor definition is acceptable. The admin API,
 * the CLI and config loading all come through here, so every caller gets the same message.
 */
public final class MonitorValidator {
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);
    public static final Duration MAX_INTERVAL = Duration.ofHours(24);
    public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Set<String> knownLocations;
    private final Set<String> knownChannels;
    private final TargetPolicy targets;

    /** A validator for a coordinator with no alert channels and the default target policy. */
    public MonitorValidator(Set<String> knownLocations) {
        this(knownLocations, Set.of(), TargetPolicy.defaults());
    }

    /**
     * @param knownChannels the configured alert channels {@code --notify} may name
     * @param targets       the addresses monitors may probe; only IP literals are checked here, host
     *                      names are resolved and checked by each agent, whose view is what counts
     */
    public MonitorValidator(Set<String> knownLocations, Set<String> knownChannels, TargetPolicy targets) {
        this.knownLocations = Set.copyOf(knownLocations);
        this.knownChannels = Set.copyOf(knownChannels);
        this.targets = targets;
    }

    /**
     * Sizes first, then the target, schedule and locations, then the alert policy against them
     * ({@link PolicyValidator}), then whether the worst-case round fits in the interval ({@link RoundBudget}).
     *
     * @return the spec as it is to be stored: the host in its ASCII form ({@link HostNames#normalize})
     * @throws ValidationException for the first field at fault
     */
    public MonitorSpec validate(MonitorSpec spec) {
        validateSizes(spec);
        MonitorSpec normal = spec.withHost(HostNames.normalize(spec.host()));
        validateDefinition(normal);
        PolicyValidator.validate(normal.policy(), normal.locations(), knownChannels);
        PolicyValidator.validateRetryInterval(normal.policy(), normal.interval());
        RoundBudget.check(normal);
        return normal;
    }

    /** Every text and list of the monitor, before anything looks inside them. */
    private static void validateSizes(MonitorSpec spec) {
        Limits.length("name", spec.name(), Limits.NAME);
        Limits.length("host", spec.host(), Limits.HOST);
        Limits.entries("locations", spec.locations(), Limits.LOCATIONS, Limits.LOCATION);
        PolicyValidator.validateSizes(spec.policy());
    }

    private void validateDefinition(MonitorSpec spec) {
        if (!NAME.matcher(spec.name()).matches()) {
            throw new ValidationException("name", Display.quote(spec.name()) + " is not a valid name; use 1-63 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        if (spec.name().chars().allMatch(Character::isDigit)) {
            throw new ValidationException("name", Display.quote(spec.name()) + " is all digits and would read as a monitor id; add a letter");
        }
        if (spec.port() < 1 || spec.port() > 65535) {
            throw new ValidationException("port", "must be between 1 and 65535, got " + spec.port());
        }
        TargetCheck.check(targets, spec.host(), spec.port());
        if (spec.interval().compareTo(MIN_INTERVAL) < 0 || spec.interval().compareTo(MAX_INTERVAL) > 0) {
            throw new ValidationException("interval", "must be between 10s and 24h, got " + Durations.format(spec.interval()));
        }
        if (spec.timeout().compareTo(MIN_TIMEOUT) < 0 || spec.timeout().compareTo(MAX_TIMEOUT) > 0) {
            throw new ValidationException("timeout", "must be between 1s and 120s, got " + Durations.format(spec.timeout()));
        }
        if (spec.timeout().compareTo(spec.interval()) >= 0) {
            throw new ValidationException("timeout", "must be shorter than the interval (" + Durations.format(spec.interval())
                    + "), got " + Durations.format(spec.timeout()));
        }
        if (spec.locations().isEmpty()) {
            throw new ValidationException("locations", "at least one location is needed; known locations: " + known());
        }
        Set<String> seen = new HashSet<>();
        for (String location : spec.locations()) {
            if (!knownLocations.contains(location)) {
                throw new ValidationException("locations", "unknown location " + Display.quote(location) + "; known locations: " + known());
            }
            if (!seen.add(location)) {
                throw new ValidationException("locations", "location " + Display.quote(location) + " is listed twice");
            }
        }
    }

    private String known() {
        return knownLocations.isEmpty() ? "(none configured)" : String.join(", ", knownLocations.stream().sorted().toList());
    }
}
