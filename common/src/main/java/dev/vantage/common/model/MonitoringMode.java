package dev.vantage.common.model;

import dev.vantage.common.text.Display;
import dev.vantage.common.input.Limits;
import dev.vantage.common.input.ValidationException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a monitor's locations decide together whether a round is an error. Set with {@code --mode};
 * the default is {@link GlobalVerify}.
 *
 * <ul>
 *   <li>{@code global-verify}: every location probes each round; a failure is re-tested at once from
 *       another location of the monitor and counts only if that one fails too (else: warning);</li>
 *   <li>{@code global-notify}: every location probes; any failure counts at once;</li>
 *   <li>{@code primary}: every location probes; only failures of the home location count, each
 *       verified from another location first;</li>
 *   <li>{@code round-robin}: one location per round, in turn; an error only when two locations in a
 *       row fail;</li>
 *   <li>{@code sla}: every location probes; an error when at least {@code --fail-locations} of them
 *       (or all) fail in the same round.</li>
 * </ul>
 *
 * Whether a failure is first retried from the same location is a separate setting
 * ({@link AlertPolicy#localRetry()}).
 */
public sealed interface MonitoringMode {

    /** The default mode. */
    MonitoringMode DEFAULT = new GlobalVerify();

    /** The {@code --mode} word: {@code global-verify}, {@code global-notify}, {@code primary}, {@code round-robin} or {@code sla}. */
    String word();

    /** Whether a location's failure is re-tested from another location before it counts. */
    default boolean verifiesFailures() {
        return false;
    }

    /** Every location probes in each round (all modes but round-robin). */
    default boolean probesAllLocations() {
        return true;
    }

    /**
     * The mode in one word, parameters included, for storage and display: {@code global-verify},
     * {@code primary:eu-west}, {@code sla:2}, {@code sla:all}. {@link #parse(String)} reads it back.
     */
    default String format() {
        return word();
    }

    /** Like the CLI spells it: {@code primary --home-location eu-west}, {@code sla --fail-locations 2}. */
    default String describe() {
        return word();
    }

    record GlobalVerify() implements MonitoringMode {
        @Override
        public String word() {
            return "global-verify";
        }

        @Override
        public boolean verifiesFailures() {
            return true;
        }
    }

    record GlobalNotify() implements MonitoringMode {
        @Override
        public String word() {
            return "global-notify";
        }
    }

    /** Only the home location's failures count; each is verified from another location first. */
    record Primary(String homeLocation) implements MonitoringMode {
        public Primary {
            Objects.requireNonNull(homeLocation, "homeLocation");
        }

        @Override
        public String word() {
            return "primary";
        }

        @Override
        public boolean verifiesFailures() {
            return true;
        }

        @Override
        public String format() {
            return word() + ":" + homeLocation;
        }

        @Override
        public String describe() {
            return word() + " --home-location " + homeLocation;
        }
    }

    record RoundRobin() implements MonitoringMode {
        @Override
        public String word() {
            return "round-robin";
        }

        @Override
        public boolean probesAllLocations() {
            return false;
        }
    }

    /**
     * An error when at least {@code failLocations} locations fail in one round; empty means all of
     * the locations that answered (a location with no agent does not answer).
     */
    record Sla(OptionalInt failLocations) implements MonitoringMode {
        public Sla {
            Objects.requireNonNull(failLocations, "failLocations");
        }

        public static Sla atLeast(int n) {
            return new Sla(OptionalInt.of(n));
        }

        public static Sla all() {
            return new Sla(OptionalInt.empty());
        }

        public boolean isAll() {
            return failLocations.isEmpty();
        }

        /** How many failing locations make an error, given how many locations answered this round. */
        public int threshold(int answered) {
            return failLocations.isPresent() ? failLocations.getAsInt() : Math.max(answered, 1);
        }

        @Override
        public String word() {
            return "sla";
        }

        @Override
        public String format() {
            return word() + ":" + failLocationsText();
        }

        @Override
        public String describe() {
            return word() + " --fail-locations " + failLocationsText();
        }

        private String failLocationsText() {
            return failLocations.isPresent() ? Integer.toString(failLocations.getAsInt()) : "all";
        }
    }

    /**
     * Reads the CLI's {@code --mode}, {@code --home-location} and {@code --fail-locations}.
     * Whether the home location and the count fit the monitor's locations is
     * {@link dev.vantage.common.validation.PolicyValidator}'s business.
     *
     * @throws ValidationException naming {@code mode}, {@code home-location} or {@code fail-locations}
     */
    static MonitoringMode parse(String word, Optional<String> homeLocation, Optional<String> failLocations) {
        Limits.length("mode", word, Limits.WORD);
        Limits.length("home-location", homeLocation.orElse(""), Limits.LOCATION);
        Limits.length("fail-locations", failLocations.orElse(""), Limits.WORD);
        String w = word.trim().toLowerCase();
        if (homeLocation.isPresent() && !w.equals("primary")) {
            throw new ValidationException("home-location", "only applies to --mode primary; drop it or use --mode primary");
        }
        if (failLocations.isPresent() && !w.equals("sla")) {
            throw new ValidationException("fail-locations", "only applies to --mode sla; drop it or use --mode sla");
        }
        return switch (w) {
            case "global-verify" -> new GlobalVerify();
            case "global-notify" -> new GlobalNotify();
            case "round-robin" -> new RoundRobin();
            case "primary" -> new Primary(homeLocation.filter(h -> !h.isBlank()).orElseThrow(() -> new ValidationException(
                    "home-location", "--mode primary needs --home-location, one of the monitor's locations")));
            case "sla" -> parseSla(failLocations.orElseThrow(() -> new ValidationException(
                    "fail-locations", "--mode sla needs --fail-locations N (a number of locations) or 'all'")));
            default -> throw new ValidationException("mode", "unknown mode " + Display.quote(word)
                    + "; use global-verify (the default), global-notify, primary, round-robin or sla");
        };
    }

    /** Reads {@link #format()}'s form back. */
    static MonitoringMode parse(String formatted) {
        int colon = formatted.indexOf(':');
        if (colon < 0) {
            return parse(formatted, Optional.empty(), Optional.empty());
        }
        String word = formatted.substring(0, colon);
        String param = formatted.substring(colon + 1);
        return switch (word.trim().toLowerCase()) {
            case "primary" -> parse(word, Optional.of(param), Optional.empty());
            case "sla" -> parse(word, Optional.empty(), Optional.of(param));
            default -> throw new ValidationException("mode", Display.quote(formatted) + " is not a mode; use global-verify, "
                    + "global-notify, primary:<home location>, round-robin or sla:<N|all>");
        };
    }

    private static Sla parseSla(String text) {
        String t = text.trim().toLowerCase();
        if (t.equals("all")) {
            return Sla.all();
        }
        try {
            return Sla.atLeast(Integer.parseInt(t));
        } catch (NumberFormatException e) {
            throw new ValidationException("fail-locations", Display.quote(text) + " is neither a number of locations nor 'all'");
        }
    }
}
