package dev.vantage.coordinator.e2e;

import dev.vantage.coordinator.testing.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.coordinator.pki.CertificateAuthority;
import java.time.Clock;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.decide.RoundVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * A coordinator with its embedded store in a temp dir and real agents, all talking real gRPC
 * over loopback sockets. Agents are started per location and can be stopped and restarted.
 */
final class Cluster implements AutoCloseable {
    /** How long {@link #round} waits: a round of 2 s probes, its retry and verification, on a loaded machine. */
    private static final Duration ROUND_WAIT = Duration.ofSeconds(30);
    private final Path dir;
    private final List<String> locations;
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Properties settings;
    /** The CA and certificates when the cluster runs TLS ({@link #withTls}); agents then use agent-LOCATION.crt. */
    private final Path pki;
    private Coordinator coordinator;
    private int port;

    Cluster(Path dir, List<String> locations) {
        this(dir, locations, new Properties());
    }

    /**
     * @param settings more coordinator settings, e.g. {@code channel.*} and {@code alert.*}; with {@code store.url}
     *                 (and {@code admin.initial_token_file} in {@code dir}), that store instead of SQLite in {@code dir}
     */
    Cluster(Path dir, List<String> locations, Properties settings) {
        this(dir, locations, settings, null);
    }

    private Cluster(Path dir, List<String> locations, Properties settings, Path pki) {
        this.dir = dir;
        this.locations = locations;
        this.settings = settings;
        this.pki = pki;
        startCoordinator();
    }

    /**
     * A cluster on TLS: a CA made by `vantage certs`' code in {@code dir/pki}, the coordinator's
     * certificate, one agent certificate per location; agents and the CLI use them.
     *
     * @param settings more coordinator settings; tls.cert, tls.key and tls.ca are set here unless given
     */
    static Cluster withTls(Path dir, List<String> locations, Properties settings) {
        Path pki = dir.resolve("pki");
        CertificateAuthority.init(pki, locations, List.of(), CertificateAuthority.DEFAULT_LEAF_VALIDITY, Clock.systemUTC(), issued -> { });
        Properties all = new Properties();
        all.setProperty("tls.cert", CertificateAuthority.coordinatorCertificate(pki).toString());
        all.setProperty("tls.key", CertificateAuthority.coordinatorKey(pki).toString());
        all.setProperty("tls.ca", CertificateAuthority.caCertificate(pki).toString());
        all.putAll(settings);
        return new Cluster(dir, locations, all, pki);
    }

    /** The CA directory of a TLS cluster. */
    Path pki() {
        return pki;
    }

    void startCoordinator() {
        // /metrics and /healthz on a free port: the default 7480 may be taken by another run on this machine.
        settings.putIfAbsent("http.listen", "127.0.0.1:0");
        CoordinatorConfig config = CoordinatorConfig.fromProperties(settings)
                .withListen("127.0.0.1", port)
                .withLocations(new LinkedHashSet<>(locations), locations.subList(0, Math.min(2, locations.size())));
        if (!settings.containsKey("store.url")) {
            config = config.withStoreUrl("jdbc:sqlite:" + dir.resolve("vantage.db"));
        }
        coordinator = Coordinator.start(config);
        port = coordinator.port();
    }

    /** Restarts the coordinator on the same port and store with {@code more} settings added. */
    void restartCoordinator(Properties more) {
        coordinator.close();
        settings.putAll(more);
        startCoordinator();
    }

    void stopCoordinator() {
        coordinator.close();
    }

    Coordinator coordinator() {
        return coordinator;
    }

    int port() {
        return port;
    }

    /** The CLI with the initial admin token, which the first start wrote beside the store. */
    Cli cli() {
        Cli cli = Cli.withTokenFile("127.0.0.1:" + port, adminTokenFile());
        return pki == null ? cli : cli.withOptions(List.of("--tls-ca", pki.resolve("ca.crt").toString()));
    }

    Path adminTokenFile() {
        return dir.resolve("admin.token");
    }

    String adminToken() {
        try {
            return Files.readString(adminTokenFile()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How {@link #startAgent} configures an agent of {@code location}: id agent-LOCATION, quick reconnects, TLS when the cluster has it. */
    AgentConfig agentConfig(String location) {
        AgentConfig config = AgentConfig.of(location, "127.0.0.1:" + port)
                .withAgentId("agent-" + location)
                .withReconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
        return pki == null ? config : config.withTls(new AgentTls(CertificateAuthority.agentCertificate(pki, location),
                CertificateAuthority.agentKey(pki, location), CertificateAuthority.caCertificate(pki)));
    }

    /**
     * One round of the monitor, started now and started again while the coordinator declines it (e.g.
     * while it is still busy with the last one); returns once its state and alerts are saved.
     */
    RoundVerdict round(String monitor) {
        return await().atMost(ROUND_WAIT).until(() -> coordinator.runRoundNow(monitor).join(), Optional::isPresent).orElseThrow();
    }

    /**
     * {@code vantage monitor create} from every location of the cluster, every hour (rounds are started
     * with {@link #round}), 2 s timeout, with these further options.
     */
    void createMonitor(String name, String host, int port, String... options) {
        List<String> args = new ArrayList<>(List.of("monitor", "create", "--name", name, "--host", host,
                "--port", String.valueOf(port), "--interval", "1h", "--timeout", "2s", "--locations", String.join(",", locations)));
        args.addAll(List.of(options));
        Cli.Run r = cli().run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
    }

    Agent startAgent(String location) throws InterruptedException {
        return startAgent(location, Map.of());
    }

    /** @param resolve host names this location's agent answers itself ({@code --resolve}): its own view of the target */
    Agent startAgent(String location, Map<String, String> resolve) throws InterruptedException {
        return startAgent(location, c -> c.withResolve(resolve));
    }

    /** @param configure anything more about this location's agent, e.g. its {@code --deny} */
    Agent startAgent(String location, UnaryOperator<AgentConfig> configure) throws InterruptedException {
        Agent agent = Agent.start(configure.apply(agentConfig(location)));
        agents.put(location, agent);
        assertThat(agent.awaitConnected(Duration.ofSeconds(20))).as("agent of %s connects", location).isTrue();
        return agent;
    }

    void stopAgent(String location) {
        Agent a = agents.remove(location);
        if (a != null) {
            a.close();
        }
    }

    Agent agent(String location) {
        return agents.get(location);
    }

    @Override
    public void close() {
        agents.values().forEach(Agent::close);
        agents.clear();
        coordinator.close();
    }
}
