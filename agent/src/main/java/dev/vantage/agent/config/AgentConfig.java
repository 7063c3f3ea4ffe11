package dev.vantage.agent.config;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.net.AddressRule;
import dev.vantage.agent.probe.CloseMode;
import dev.vantage.agent.probe.ProbePriority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to run one agent.
 *
 * <pre>{@code
 * AgentConfig config = AgentConfig.of("eu-west", "127.0.0.1:7443").withMaxInFlight(1000);
 * try (Agent agent = Agent.start(config)) { ... }
 * }</pre>
 *
 * @param agentId                  stable id the coordinator knows this agent by; see {@link #defaultAgentId}
 * @param location                 the location this agent probes from, one the coordinator knows
 * @param coordinators             where the coordinators' agent service listens: the active one and its standbys, in the
 *                                 order tried; the agent follows whichever is active
 * @param maxInFlight              most probes at once; told to the coordinator, which never sends more
 * @param sourceAddresses          addresses probes leave from, as told to the coordinator; empty: detect
 *                                 ({@link LocalHost#sourceAddresses()})
 * @param closeMode                how probes close their connection ({@link CloseMode#RST} by default)
 * @param defaultHeartbeatInterval heartbeat interval when the coordinator's Welcome names none
 * @param reconnectInitialBackoff  first wait before reconnecting; doubles on each failure
 * @param reconnectMaxBackoff      longest wait before reconnecting (5 s by default: a restarted or failed-over
 *                                 coordinator gets its agents back within seconds, in time for its catch-up rounds)
 * @param resolve                  host name → IP address answered without DNS ({@code --resolve HOST=ADDRESS})
 * @param probePriority            how the probe threads are scheduled ({@link ProbePriority#NORMAL} by default)
 * @param deny                     {@code --deny}: addresses this agent never connects to, whatever the coordinator allows
 * @param tls                      client certificate and CA for a TLS link; empty: plaintext
 * @param buffering                results kept until the coordinator acknowledges them ({@code --result-buffer}, {@code --spill-dir})
 */
public record AgentConfig(
        String agentId,
        String location,
        List<HostPort> coordinators,
        int maxInFlight,
        List<String> sourceAddresses,
        CloseMode closeMode,
        Duration defaultHeartbeatInterval,
        Duration reconnectInitialBackoff,
        Duration reconnectMaxBackoff,
        Map<String, String> resolve,
        ProbePriority probePriority,
        List<AddressRule> deny,
        Optional<AgentTls> tls,
        ResultBuffering buffering) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_INITIAL_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_RECONNECT_MAX_BACKOFF = Duration.ofSeconds(5);

    public AgentConfig {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(location, "location");
        coordinators = List.copyOf(coordinators);
        Objects.requireNonNull(closeMode, "closeMode");
        Objects.requireNonNull(defaultHeartbeatInterval, "defaultHeartbeatInterval");
        Objects.requireNonNull(reconnectInitialBackoff, "reconnectInitialBackoff");
        Objects.requireNonNull(reconnectMaxBackoff, "reconnectMaxBackoff");
        Objects.requireNonNull(probePriority, "probePriority");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(buffering, "buffering");
        sourceAddresses = List.copyOf(sourceAddresses);
        resolve = Map.copyOf(resolve);
        deny = List.copyOf(deny);
        if (agentId.isBlank()) {
            throw new IllegalArgumentException("agentId: must not be empty");
        }
        if (location.isBlank()) {
            throw new IllegalArgumentException("location: must not be empty; give the location this agent probes from, e.g. eu-west");
        }
        if (coordinators.isEmpty()) {
            throw new IllegalArgumentException("coordinator: give at least one HOST:PORT");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight: must be at least 1, got " + maxInFlight);
        }
        if (defaultHeartbeatInterval.isNegative() || defaultHeartbeatInterval.isZero()) {
            throw new IllegalArgumentException("defaultHeartbeatInterval: must be positive");
        }
        if (reconnectInitialBackoff.isNegative() || reconnectInitialBackoff.isZero()
                || reconnectMaxBackoff.compareTo(reconnectInitialBackoff) < 0) {
            throw new IllegalArgumentException("reconnect backoff: need 0 < initial <= max, got "
                    + reconnectInitialBackoff + " and " + reconnectMaxBackoff);
        }
    }

    /**
     * The defaults for an agent of {@code location} talking to {@code coordinator} ("host:port", or several
     * separated by commas: an active coordinator and its standbys):
     * id {@link #defaultAgentId}, {@value #DEFAULT_MAX_IN_FLIGHT} in flight, detected source
     * addresses, RST close, 5 s heartbeats, reconnect backoff 250 ms doubling to 30 s, normal priority.
     *
     * @throws IllegalArgumentException when the location is empty or the coordinator is not host:port
     */
    public static AgentConfig of(String location, String coordinator) {
        return new AgentConfig(defaultAgentId(location), location, parseCoordinators(coordinator), DEFAULT_MAX_IN_FLIGHT, List.of(),
                CloseMode.RST, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_RECONNECT_INITIAL_BACKOFF, DEFAULT_RECONNECT_MAX_BACKOFF, Map.of(),
                ProbePriority.NORMAL, List.of(), Optional.empty(), ResultBuffering.defaults());
    }

    /**
     * "A,B": each HOST:PORT of a comma-separated list (spaces around commas allowed).
     *
     * @throws IllegalArgumentException naming the address that is not HOST:PORT
     */
    public static List<HostPort> parseCoordinators(String list) {
        List<HostPort> all = new ArrayList<>();
        for (String one : list.split(",")) {
            all.add(HostPort.parse(one.strip()));
        }
        return all;
    }

    /** {@code hostname-location-pid}: stable while the process lives, new on restart. */
    public static String defaultAgentId(String location) {
        return LocalHost.hostname() + "-" + location + "-" + LocalHost.pid();
    }

    public AgentConfig withAgentId(String id) {
        return with(c -> c.agentId = id);
    }

    public AgentConfig withMaxInFlight(int n) {
        return with(c -> c.maxInFlight = n);
    }

    public AgentConfig withSourceAddresses(List<String> addresses) {
        return with(c -> c.sourceAddresses = addresses);
    }

    public AgentConfig withCloseMode(CloseMode mode) {
        return with(c -> c.closeMode = mode);
    }

    public AgentConfig withDefaultHeartbeatInterval(Duration interval) {
        return with(c -> c.defaultHeartbeatInterval = interval);
    }

    /** Tests use short waits here so that a restarted coordinator is found again quickly. */
    public AgentConfig withReconnectBackoff(Duration initial, Duration max) {
        return with(c -> {
            c.reconnectInitialBackoff = initial;
            c.reconnectMaxBackoff = max;
        });
    }

    /** Host names this agent resolves to fixed addresses instead of asking DNS (host → IP literal). */
    public AgentConfig withResolve(Map<String, String> pins) {
        return with(c -> c.resolve = pins);
    }

    public AgentConfig withProbePriority(ProbePriority priority) {
        return with(c -> c.probePriority = priority);
    }

    /** Addresses this agent refuses to probe on top of the coordinator's policy ({@code --deny}). */
    public AgentConfig withDeny(List<AddressRule> rules) {
        return with(c -> c.deny = rules);
    }

    /** Talk TLS to the coordinator with this client certificate, verifying the coordinator against its CA. */
    public AgentConfig withTls(AgentTls files) {
        return with(c -> c.tls = Optional.of(files));
    }

    /** How results are kept until acknowledged: {@code --result-buffer} and {@code --spill-dir}. */
    public AgentConfig withBuffering(ResultBuffering b) {
        return with(c -> c.buffering = b);
    }

    /** The configured source addresses, or the detected ones when none are configured. */
    public List<String> effectiveSourceAddresses() {
        return sourceAddresses.isEmpty() ? LocalHost.sourceAddresses() : sourceAddresses;
    }

    /** A copy of this config with one change: each with* names only what it changes. */
    private AgentConfig with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The components of a config while one of them changes. */
    private static final class Copy {
        private String agentId;
        private String location;
        private List<HostPort> coordinators;
        private int maxInFlight;
        private List<String> sourceAddresses;
        private CloseMode closeMode;
        private Duration defaultHeartbeatInterval;
        private Duration reconnectInitialBackoff;
        private Duration reconnectMaxBackoff;
        private Map<String, String> resolve;
        private ProbePriority probePriority;
        private List<AddressRule> deny;
        private Optional<AgentTls> tls;
        private ResultBuffering buffering;

        Copy(AgentConfig c) {
            agentId = c.agentId;
            location = c.location;
            coordinators = c.coordinators;
            maxInFlight = c.maxInFlight;
            sourceAddresses = c.sourceAddresses;
            closeMode = c.closeMode;
            defaultHeartbeatInterval = c.defaultHeartbeatInterval;
            reconnectInitialBackoff = c.reconnectInitialBackoff;
            reconnectMaxBackoff = c.reconnectMaxBackoff;
            resolve = c.resolve;
            probePriority = c.probePriority;
            deny = c.deny;
            tls = c.tls;
            buffering = c.buffering;
        }

        AgentConfig build() {
            return new AgentConfig(agentId, location, coordinators, maxInFlight, sourceAddresses, closeMode,
                    defaultHeartbeatInterval, reconnectInitialBackoff, reconnectMaxBackoff, resolve, probePriority, deny, tls, buffering);
        }
    }
}
