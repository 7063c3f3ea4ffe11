package dev.vantage.coordinator;

import dev.vantage.agent.Agent;
import dev.vantage.agent.AgentConfig;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.coordinator.cli.VantageCli;
import dev.vantage.coordinator.config.CoordinatorConfig;
import dev.vantage.coordinator.monitor.MonitorNotFoundException;
import dev.vantage.coordinator.monitor.MonitorPatch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `vantage demo`: everything on one machine with no setup — a coordinator with its embedded
 * store, one local agent per location, a TCP listener this command opens, and two sample
 * monitors (one against the listener, one against a port nothing listens on).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a coordinator (embedded SQLite store), local agents for eu-west and us-east, a TCP listener",
                "and sample monitors, then print their status every interval until Ctrl-C."})
public final class DemoCommand implements Callable<Integer> {
    private static final List<String> LOCATIONS = List.of("eu-west", "us-east");

    @Option(names = "--port", defaultValue = "7400", description = "Coordinator port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", defaultValue = "data/demo", description = "Where the embedded store lives (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--rounds", defaultValue = "0", description = "Stop after this many status prints (default: run until Ctrl-C).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        CoordinatorConfig config = CoordinatorConfig.defaults()
                .withListen("127.0.0.1", port)
                .withStoreUrl("jdbc:sqlite:" + data.resolve("vantage.db"));
        CountDownLatch stop = new CountDownLatch(1);
        try (Coordinator coordinator = Coordinator.start(config);
             ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
             LocalAgents agents = new LocalAgents(coordinator.port())) {
            acceptAndClose(listener);
            int closedPort = freePort();
            upsert(coordinator, "demo-local", listener.getLocalPort());
            upsert(coordinator, "demo-closed", closedPort);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            String server = "127.0.0.1:" + coordinator.port();
            System.out.printf("%nVantage demo: coordinator on %s, store %s, agents %s.%n", server, data.resolve("vantage.db"), LOCATIONS);
            System.out.printf("demo-local probes 127.0.0.1:%d (a listener this demo opened); demo-closed probes 127.0.0.1:%d (nothing listens).%n",
                    listener.getLocalPort(), closedPort);
            Path token = config.admin().initialTokenFile(config.storeUrl());
            System.out.printf("From another terminal: export VANTAGE_TOKEN=$(cat %s), then%n", token);
            System.out.printf("  bin/vantage status | bin/vantage test demo-local | bin/vantage results demo-closed | bin/vantage locations%n");
            int printed = 0;
            do {
                stop.await(10, TimeUnit.SECONDS);
                System.out.println();
                VantageCli.commandLine(new VantageCli()).execute("status", "--server", server, "--token-file", token.toString());
                printed++;
            } while (stop.getCount() > 0 && (rounds == 0 || printed < rounds));
        }
        return 0;
    }

    /** One in-process agent per demo location; closed before the coordinator so they leave quietly. */
    private static final class LocalAgents implements AutoCloseable {
        private final List<Agent> agents = new ArrayList<>();

        LocalAgents(int coordinatorPort) throws InterruptedException {
            for (String location : LOCATIONS) {
                agents.add(Agent.start(AgentConfig.of(location, "127.0.0.1:" + coordinatorPort)));
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
