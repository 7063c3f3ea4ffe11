package dev.vantage.coordinator.bench.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The processes of a chaos run: one coordinator (or two: the active one and a hot standby, on the same
 * store, each on its own agent port) and one agent per location, given every coordinator's address.
 * Every process it ever started is stopped by {@link #close}, killed ones included.
 */
final class Fleet implements AutoCloseable {
    private static final Pattern AGENTS = Pattern.compile("\"agents\":(\\d+)");
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private final Path dir;
    private final int[] agentPorts;
    private final List<String> locations;
    private final Path[] configs;
    private final int[] httpPorts;
    private final Child[] coordinators;
    private final Child[] agents;
    private final List<Child> all = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HEALTH_TIMEOUT).build();
    private int started;
    private boolean closed;

    /** How a coordinator answers /healthz. */
    record Health(boolean serving, int agents) {
        static final Health DOWN = new Health(false, 0);
    }

    /**
     * @param storeUrl what the coordinators' {@code store.url} says
     * @param slots    1, or 2 with a hot standby
     */
    Fleet(Path dir, String storeUrl, List<String> locations, int slots) throws IOException {
        this.dir = dir;
        this.locations = List.copyOf(locations);
        this.agentPorts = new int[slots];
        this.configs = new Path[slots];
        this.httpPorts = new int[slots];
        this.coordinators = new Child[slots];
        this.agents = new Child[locations.size()];
        for (int i = 0; i < slots; i++) {
            httpPorts[i] = freePort();
            agentPorts[i] = freePort();
            Properties p = new Properties();
            p.setProperty("listen", ChaosTarget.HOST + ":" + agentPorts[i]);
            p.setProperty("http.listen", ChaosTarget.HOST + ":" + httpPorts[i]);
            p.setProperty("store.url", storeUrl);
            p.setProperty("locations", String.join(",", locations));
            p.setProperty("admin.initial_token_file", dir.resolve("admin.token").toString());
            configs[i] = dir.resolve("coordinator-" + (i + 1) + ".properties");
            try (OutputStream out = Files.newOutputStream(configs[i])) {
                p.store(out, "a coordinator of `vantage bench chaos`");
            }
        }
    }

    int slots() {
        return coordinators.length;
    }

    synchronized void startCoordinator(int slot) throws IOException {
        coordinators[slot] = track(Child.start("coordinator-" + (slot + 1) + "-" + (++started), "512m",
                List.of("coordinator", "--config", configs[slot].toString()), dir));
    }

    synchronized void startAgent(int index) throws IOException {
        agents[index] = track(Child.start("agent-" + locations.get(index) + "-" + (++started), "256m",
                List.of("agent", "--location", locations.get(index), "--coordinator", coordinatorAddresses()), dir));
    }

    /** Every coordinator's agent address: agents follow whichever is active. */
    private String coordinatorAddresses() {
        return Arrays.stream(agentPorts).mapToObj(p -> ChaosTarget.HOST + ":" + p).collect(Collectors.joining(","));
    }

    Child coordinator(int slot) {
        return coordinators[slot];
    }

    Child agent(int index) {
        return agents[index];
    }

    /** The slot whose coordinator serves now, if any. */
    Optional<Integer> activeSlot() {
        for (int i = 0; i < coordinators.length; i++) {
            if (health(i).serving()) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Whether the slot's coordinator answers /healthz at all (a standby answers 503). */
    boolean answers(int slot) {
        return request(slot).isPresent();
    }

    Health health(int slot) {
        return request(slot).map(r -> {
            Matcher m = AGENTS.matcher(r.body());
            return new Health(r.statusCode() == 200, m.find() ? Integer.parseInt(m.group(1)) : 0);
        }).orElse(Health.DOWN);
    }

    int agentCount() {
        return agents.length;
    }

    private Optional<HttpResponse<String>> request(int slot) {
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + ChaosTarget.HOST + ":" + httpPorts[slot] + "/healthz"))
                    .timeout(HEALTH_TIMEOUT).build();
            return Optional.of(http.send(get, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Child track(Child c) {
        all.add(c);
        if (closed) {
            // Ctrl-C came while this one was starting: it goes at once.
            c.stop();
            throw new ChaosRun.ChaosFailure("interrupted");
        }
        return c;
    }

    /** Agents first (so no result is sent to a stopping coordinator), then the coordinators; SIGTERM, then SIGKILL. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Child a : all) {
            if (a.name().startsWith("agent")) {
                a.stop();
            }
        }
        all.forEach(Child::stop);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ChaosTarget.HOST, 0));
            return s.getLocalPort();
        }
    }
}
