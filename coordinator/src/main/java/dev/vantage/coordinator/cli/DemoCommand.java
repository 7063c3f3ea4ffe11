package dev.vantage.coordinator.cli;

import dev.vantage.agent.Agent;
import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.Coordinator;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.monitor.MonitorNotFoundException;
import dev.vantage.coordinator.monitor.MonitorPatch;
import dev.vantage.coordinator.pki.CertificateAuthority;
import dev.vantage.coordinator.tls.TlsSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vantage demo`: everything on one machine with no setup, and secured as a real install is — a CA and
 * certificates, a coordinator with its embedded store serving TLS, one local agent per location over
 * mutual TLS, the first admin token, a CLI profile pointing at all of it, a TCP listener this command
 * opens, and two sample monitors (one against the listener, one against a port nothing listens on).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a coordinator (embedded SQLite store), local agents for eu-west and us-east, a TCP listener",
                "and sample monitors, then print their status every interval until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");

    @Option(names = "--port", defaultValue = "7400", description = "Coordinator port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", defaultValue = "data/demo", description = "Where the embedded store lives (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--rounds", defaultValue = "0", description = "Stop after this many status prints (default: run until Ctrl-C).")
    int rounds;

    @Option(names = "--profile", paramLabel = "FILE", description = "Where to write the CLI profile (server, CA, token) that "
            + "the admin CLI reads by default (default: $VANTAGE_PROFILE, else ~/.config/vantage/profile).")
    Path profile;

    @Override
    public Integer call() throws Exception {
        Path certs = data.resolve("certs");
        Path db = data.resolve("vantage.db");
        Path token = data.resolve("admin.token");
        ensureCertificates(certs);
        if (!Files.exists(db)) {
            // A token file without its store is left from an earlier demo whose store was deleted: it is ours to replace.
            Files.deleteIfExists(token);
        }
        Properties settings = new Properties();
        settings.setProperty("admin.initial_token_file", token.toString());
        CoordinatorConfig config = CoordinatorConfig.fromProperties(settings)
                .withTls(TlsSettings.issuedIn(certs))
                .withListen("127.0.0.1", port)
                .withStoreUrl("jdbc:sqlite:" + db);
        CountDownLatch stop = new CountDownLatch(1);
        try (Coordinator coordinator = Coordinator.start(config);
             ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
             LocalAgents agents = new LocalAgents(coordinator.port(), certs)) {
            acceptAndClose(listener);
            int closedPort = freePort();
            upsert(coordinator, "demo-local", listener.getLocalPort());
            upsert(coordinator, "demo-closed", closedPort);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            String server = "127.0.0.1:" + coordinator.port();
            Path profileFile = profileFile();
            Path ca = CertificateAuthority.caCertificate(certs);
            new Profile(Optional.of(server), Optional.of(ca), Optional.of(token)).write(profileFile);
            System.out.printf("%nVantage demo: coordinator on %s (TLS; agents %s over mutual TLS), store %s.%n", server, LOCATIONS, db);
            System.out.printf("demo-local probes 127.0.0.1:%d (a listener this demo opened); demo-closed probes 127.0.0.1:%d (nothing listens).%n",
                    listener.getLocalPort(), closedPort);
            System.out.printf("CLI profile %s: server, CA %s, admin token file %s.%n", profileFile, ca, token);
            System.out.printf("From another terminal: bin/vantage status | bin/vantage test demo-local | bin/vantage results demo-closed | bin/vantage locations%n");
            coordinator.httpAddress().ifPresent(http -> System.out.printf("Status page: http://127.0.0.1:%d/ (Prometheus metrics at /metrics).%n",
                    http.getPort()));
            int printed = 0;
            do {
                stop.await(10, TimeUnit.SECONDS);
                System.out.println();
                VantageCli.commandLine(new VantageCli()).execute("status", "--profile", profileFile.toString());
                printed++;
            } while (stop.getCount() > 0 && (rounds == 0 || printed < rounds));
        }
        return 0;
    }

    private Path profileFile() {
        return profile != null ? profile : Profile.defaultPath(System.getenv()).orElse(data.resolve("profile"));
    }

    /** A CA, the coordinator's certificate and one agent certificate per location, made once and kept with the store. */
    private static void ensureCertificates(Path certs) {
        if (!Files.exists(CertificateAuthority.caCertificate(certs))) {
            CertificateAuthority.init(certs, LOCATIONS, List.of(), CertificateAuthority.DEFAULT_LEAF_VALIDITY, Clock.systemUTC(), issued -> { });
        }
    }

    /** One in-process agent per demo location; closed before the coordinator so they leave quietly. */
    private static final class LocalAgents implements AutoCloseable {
        private final List<Agent> agents = new ArrayList<>();

        LocalAgents(int coordinatorPort, Path certs) throws InterruptedException {
            for (String location : LOCATIONS) {
                agents.add(Agent.start(AgentConfig.of(location, "127.0.0.1:" + coordinatorPort).withTls(new AgentTls(
                        CertificateAuthority.agentCertificate(certs, location), CertificateAuthority.agentKey(certs, location),
                        CertificateAuthority.caCertificate(certs)))));
            }
            for (Agent a : agents) {
                a.awaitConnected(Duration.ofSeconds(10));
            }
        }

        @Override
        public void close() {
            agents.forEach(Agent::close);
        }
    }

    /** Creates the sample monitor, or points an existing one (from an earlier run) at this run's port. */
    private static void upsert(Coordinator c, String name, int port) {
        try {
            Monitor m = c.catalog().find(name);
            c.catalog().update(m.name(), new MonitorPatch(Optional.empty(), Optional.empty(), Optional.of(port),
                    Optional.empty(), Optional.empty(), Optional.empty()));
        } catch (MonitorNotFoundException e) {
            c.catalog().create(new MonitorSpec(name, "127.0.0.1", port, Duration.ofSeconds(10), Duration.ofSeconds(2), LOCATIONS));
        }
    }

    private static void acceptAndClose(ServerSocket listener) {
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException e) {
                    return;
                }
            }
        }, "demo-listener");
        t.setDaemon(true);
        t.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
