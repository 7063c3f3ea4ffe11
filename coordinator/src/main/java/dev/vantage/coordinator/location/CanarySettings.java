package dev.vantage.coordinator.location;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.text.Display;
import dev.vantage.common.time.Durations;
import dev.vantage.common.validation.TargetCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How locations check themselves: canary targets per location, probed by that location's agents
 * every {@code interval}. A canary round fails when no canary of the location connected and at least
 * one failed (a round where none had an agent says nothing); {@code degradeAfter} failed rounds in a
 * row make the location DEGRADED, {@code recoverAfter} rounds in a row with a canary connected make
 * it HEALTHY again.
 *
 * @param canaries     {@code location.<name>.canaries=host:port,...}: none by default (the location is never judged)
 * @param interval     {@code location.canary.interval}: time between canary rounds (default 30s)
 * @param timeout      {@code location.canary.timeout}: each canary probe's connect timeout (default 3s)
 * @param degradeAfter {@code location.degrade_after}: failed canary rounds in a row before DEGRADED (default 3)
 * @param recoverAfter {@code location.recover_after}: good canary rounds in a row before HEALTHY again (default 2)
 */
public record CanarySettings(Map<String, List<HostPort>> canaries, Duration interval, Duration timeout, int degradeAfter, int recoverAfter) {
    static final String INTERVAL_KEY = "location.canary.interval";
    static final String TIMEOUT_KEY = "location.canary.timeout";
    static final String DEGRADE_KEY = "location.degrade_after";
    static final String RECOVER_KEY = "location.recover_after";
    private static final int MAX_ROUNDS = 1000;
    private static final int MAX_CANARIES = 20;

    public CanarySettings {
        Map<String, List<HostPort>> copy = new LinkedHashMap<>();
        canaries.forEach((l, targets) -> copy.put(l, List.copyOf(targets)));
        canaries = Map.copyOf(copy);
    }

    /**
     * Reads the settings; that each location is configured is checked with the rest of the config.
     *
     * @param targets the probe-target policy: a canary on a denied IP literal is refused (it could never connect)
     * @throws ValidationException naming the key and the fix
     */
    public static CanarySettings fromProperties(Properties p, TargetPolicy targets) {
        Map<String, List<HostPort>> canaries = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames().stream().sorted().toList()) {
            if (!key.startsWith("location.") || !key.endsWith(".canaries")) {
                continue;
            }
            String location = key.substring("location.".length(), key.length() - ".canaries".length());
            List<HostPort> list = new ArrayList<>();
            for (String item : p.getProperty(key).split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                HostPort hp;
                try {
                    hp = HostPort.parse(item);
                } catch (IllegalArgumentException e) {
                    throw new ValidationException(key, e.getMessage());
                }
                TargetCheck.check(targets, key, hp.host(), hp.port());
                list.add(hp);
            }
            if (list.size() > MAX_CANARIES) {
                throw new ValidationException(key, list.size() + " canaries is more than the limit of " + MAX_CANARIES + "; a few well-known targets are enough");
            }
            if (!list.isEmpty()) {
                canaries.put(location, list);
            }
        }
        Duration interval = duration(p, INTERVAL_KEY, "30s");
        Duration timeout = duration(p, TIMEOUT_KEY, "3s");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException(INTERVAL_KEY, "must be at least 1s, got " + Durations.format(interval));
        }
        if (timeout.compareTo(interval) >= 0 || timeout.isZero()) {
            throw new ValidationException(TIMEOUT_KEY, "must be above 0 and shorter than " + INTERVAL_KEY + " ("
                    + Durations.format(interval) + "), got " + Durations.format(timeout));
        }
        return new CanarySettings(canaries, interval, timeout, rounds(p, DEGRADE_KEY, 3), rounds(p, RECOVER_KEY, 2));
    }

    private static Duration duration(Properties p, String key, String def) {
        try {
            return Durations.parse(p.getProperty(key, def).trim());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(key, e.getMessage());
        }
    }

    private static int rounds(Properties p, String key, int def) {
        String text = p.getProperty(key, Integer.toString(def)).trim();
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ValidationException(key, Display.quote(text) + " is not a number of canary rounds; use 1 to " + MAX_ROUNDS);
        }
        if (n < 1 || n > MAX_ROUNDS) {
            throw new ValidationException(key, "must be between 1 and " + MAX_ROUNDS + " canary rounds, got " + n);
        }
        return n;
    }
}
