package dev.vantage.coordinator.config;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.text.Display;
import dev.vantage.common.net.AddressRule;
import dev.vantage.common.net.TargetPolicy;
import dev.vantage.common.time.Durations;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.alert.channel.ChannelConfig;
import dev.vantage.coordinator.auth.AdminSettings;
import dev.vantage.coordinator.http.HttpSettings;
import dev.vantage.coordinator.location.CanarySettings;
import dev.vantage.coordinator.tls.TlsSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * The coordinator's settings. Read from a .properties file (see deploy/config/coordinator.properties
 * for every key, documented); every key has a default that serves one machine with no setup.
 *
 * @param listenHost        {@code listen}: where the gRPC server (agents and admin API) binds
 * @param listenPort        port of {@code listen}; 0 picks a free one (tests)
 * @param storeUrl          {@code store.url}: JDBC URL of the store
 * @param locations         {@code locations}: the locations agents may serve
 * @param defaultLocations  {@code default.locations}: used when a monitor names none
 * @param resultsRetention  {@code results.retention}: results older than this are purged
 * @param rollupRetention   {@code results.rollup_retention}: hourly rollups (what reports read for whole hours)
 *                          older than this are purged; at least {@code results.retention}
 * @param heartbeatInterval {@code agent.heartbeat}: how often agents must send a heartbeat
 * @param channels          {@code channel.*} and {@code alert.*}: where alerts go and how failed
 *                          deliveries are retried ({@link ChannelConfig}); none by default
 * @param admin             {@code admin.*}: the initial token file and each token's rate limit ({@link AdminSettings})
 * @param targets           {@code targets.deny} and {@code targets.allow}: the addresses monitors may
 *                          probe ({@link TargetPolicy}); the built-in deny list by default
 * @param tls               {@code tls.*} and {@code insecure.plaintext}: certificates of the port ({@link TlsSettings})
 * @param http              {@code http.listen} and {@code metrics.per_monitor}: /metrics and /healthz ({@link HttpSettings})
 * @param canaries          {@code location.<name>.canaries} and {@code location.*}: how locations check themselves
 *                          ({@link CanarySettings}); no canaries by default
 */
public record CoordinatorConfig(
        String listenHost,
        int listenPort,
        String storeUrl,
        String storeUser,
        String storePassword,
        Set<String> locations,
        List<String> defaultLocations,
        Duration resultsRetention,
        Duration rollupRetention,
        Duration heartbeatInterval,
        ChannelConfig channels,
        AdminSettings admin,
        TargetPolicy targets,
        TlsSettings tls,
        HttpSettings http,
        CanarySettings canaries) {

    public static final int DEFAULT_PORT = 7400;

    public CoordinatorConfig {
        // Keep the operator's order: `vantage locations` and default locations follow it.
        locations = Collections.unmodifiableSet(new LinkedHashSet<>(locations));
        defaultLocations = List.copyOf(defaultLocations);
        Objects.requireNonNull(resultsRetention, "resultsRetention");
        Objects.requireNonNull(rollupRetention, "rollupRetention");
        Objects.requireNonNull(channels, "channels");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(canaries, "canaries");
        for (String l : canaries.canaries().keySet()) {
            if (!locations.contains(l)) {
                throw new ValidationException("location." + l + ".canaries", Display.quote(l) + " is not one of locations " + locations
                        + "; add it to locations or fix the key");
            }
        }
        if (locations.isEmpty()) {
            throw new ValidationException("locations", "list at least one location, e.g. locations = eu-west,us-east");
        }
        for (String l : locations) {
            if (!l.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                throw new ValidationException("locations", Display.quote(l) + " is not a valid location name; use lower-case letters, digits and '-'");
            }
        }
        if (rollupRetention.compareTo(resultsRetention) < 0) {
            // Whole hours are read from rollups only: purging them first would empty reports that results could answer.
            throw new ValidationException("results.rollup_retention", Durations.format(rollupRetention) + " is shorter than results.retention "
                    + Durations.format(resultsRetention) + "; keep rollups at least as long as results (default 400d)");
        }
        for (String l : defaultLocations) {
            if (!locations.contains(l)) {
                throw new ValidationException("default.locations", Display.quote(l) + " is not one of locations " + locations);
            }
        }
    }

    /** Defaults: two local locations, embedded SQLite store under ./data. */
    public static CoordinatorConfig defaults() {
        return fromProperties(new Properties());
    }

    public static CoordinatorConfig load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ValidationException("--config", "cannot read " + file + ": " + e.getMessage());
        }
        return fromProperties(p);
    }

    public static CoordinatorConfig fromProperties(Properties p) {
        TlsSettings tls = TlsSettings.fromProperties(p);
        HostPort listen;
        try {
            listen = HostPort.parseBindable(p.getProperty("listen", tls.defaultListen(DEFAULT_PORT)));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("listen", e.getMessage());
        }
        List<String> locations = list(p.getProperty("locations", "eu-west,us-east"));
        String defaults = p.getProperty("default.locations");
        TargetPolicy targets = targets(p);
        return new CoordinatorConfig(
                listen.host(),
                listen.port(),
                p.getProperty("store.url", "jdbc:sqlite:data/vantage.db").trim(),
                p.getProperty("store.user", "").trim(),
                p.getProperty("store.password", ""),
                new LinkedHashSet<>(locations),
                defaults == null ? locations : list(defaults),
                duration(p, "results.retention", "30d"),
                duration(p, "results.rollup_retention", "400d"),
                duration(p, "agent.heartbeat", "5s"),
                ChannelConfig.fromProperties(p),
                AdminSettings.fromProperties(p),
                targets,
                tls,
                HttpSettings.fromProperties(p),
                CanarySettings.fromProperties(p, targets));
    }

    public CoordinatorConfig withListen(String host, int port) {
        return new CoordinatorConfig(host, port, storeUrl, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, tls, http, canaries);
    }

    public CoordinatorConfig withStoreUrl(String url) {
        return new CoordinatorConfig(listenHost, listenPort, url, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, tls, http, canaries);
    }

    public CoordinatorConfig withLocations(Set<String> newLocations, List<String> newDefaults) {
        return new CoordinatorConfig(listenHost, listenPort, storeUrl, storeUser, storePassword, newLocations, newDefaults,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, tls, http, canaries);
    }

    public CoordinatorConfig withChannels(ChannelConfig newChannels) {
        return new CoordinatorConfig(listenHost, listenPort, storeUrl, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, newChannels, admin, targets, tls, http, canaries);
    }

    public CoordinatorConfig withTls(TlsSettings newTls) {
        return new CoordinatorConfig(listenHost, listenPort, storeUrl, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, newTls, http, canaries);
    }

    public CoordinatorConfig withCanaries(CanarySettings newCanaries) {
        return new CoordinatorConfig(listenHost, listenPort, storeUrl, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, tls, http, newCanaries);
    }

    public CoordinatorConfig withHttp(HttpSettings newHttp) {
        return new CoordinatorConfig(listenHost, listenPort, storeUrl, storeUser, storePassword, locations, defaultLocations,
                resultsRetention, rollupRetention, heartbeatInterval, channels, admin, targets, tls, newHttp, canaries);
    }

    private static TargetPolicy targets(Properties p) {
        List<AddressRule> deny;
        try {
            deny = TargetPolicy.parseDeny(p.getProperty(TargetPolicy.DENY_KEY, TargetPolicy.DEFAULT_WORD));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(TargetPolicy.DENY_KEY, e.getMessage());
        }
        List<AddressRule> allow;
        try {
            allow = TargetPolicy.parseRules(p.getProperty(TargetPolicy.ALLOW_KEY, ""));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(TargetPolicy.ALLOW_KEY, e.getMessage());
        }
        return TargetPolicy.of(deny, allow);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration duration(Properties p, String key, String def) {
        try {
            return Durations.parse(p.getProperty(key, def));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(key, e.getMessage());
        }
    }
}
