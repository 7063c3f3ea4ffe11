package dev.vantage.agent;

import dev.vantage.agent.config.AgentConfig;
import dev.vantage.agent.config.AgentTls;
import dev.vantage.agent.link.AgentLink;
import dev.vantage.agent.metrics.AgentMetrics;
import dev.vantage.agent.probe.HostResolver;
import dev.vantage.agent.probe.TargetGate;
import dev.vantage.agent.probe.TcpConnectProber;
import dev.vantage.agent.run.JobRunner;
import dev.vantage.common.config.HostPort;
import dev.vantage.common.http.HttpEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: the probe engine, the job runner and the link to the coordinator, started
 * together and closed together. The coordinator's demo and tests run agents in-process this way:
 *
 * <pre>{@code
 * try (Agent agent = Agent.start(AgentConfig.of("eu-west", "127.0.0.1:" + port))) {
 *     agent.awaitConnected(Duration.ofSeconds(10));
 *     ...
 * }
 * }</pre>
 *
 * The agent keeps trying to reach the coordinator (with backoff) from {@link #start} until
 * {@link #close}, so it may start before the coordinator and survives its restarts.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final TcpConnectProber prober;
    private final AgentLink link;
    private final JobRunner runner;
    private final AgentMetrics metrics;
    private Optional<HttpEndpoint> http = Optional.empty();
    private boolean closed;

    private Agent(AgentConfig config) {
        this.config = config;
        TargetGate gate = new TargetGate(config.deny());
        this.prober = new TcpConnectProber(TcpConnectProber.Options.defaults(config.maxInFlight()).withCloseMode(config.closeMode())
                .withPriority(config.probePriority()).withGate(gate), HostResolver.pinned(config.resolve(), HostResolver.SYSTEM));
        AgentLink l = null;
        try {
            l = new AgentLink(config, gate);
            this.link = l;
            AgentLink linked = l;
            // Gauges are read when scraped, after the constructor has assigned the runner.
            this.metrics = new AgentMetrics(this::inFlight, linked::isConnected, linked::waiting);
            this.runner = new JobRunner(prober, config.maxInFlight(), config.maxInFlight(), result -> {
                metrics.probed(result.outcome());
                linked.offer(result);
            });
        } catch (RuntimeException e) {
            if (l != null) {
                l.close();
            }
            prober.close();
            throw e;
        }
    }

    /** Starts an agent: it connects in the background and returns at once. */
    public static Agent start(AgentConfig config) {
        Agent agent = new Agent(config);
        log.info("agent {} of location {} starting: coordinator {}, up to {} probes in flight, {} close, {}, probe threads {}, "
                        + "source addresses {}, own deny {}", config.agentId(), config.location(), config.coordinators(), config.maxInFlight(),
                config.closeMode().label(), agent.prober.name(), agent.prober.priority(), agent.link.sourceAddresses(), config.deny());
        agent.link.start(agent.runner);
        return agent;
    }

    public AgentConfig config() {
        return config;
    }

    public String agentId() {
        return config.agentId();
    }

    /** The source addresses this agent reports (configured or detected). */
    public List<String> sourceAddresses() {
        return link.sourceAddresses();
    }

    /** Whether the coordinator has welcomed this agent on the current stream. */
    public boolean isConnected() {
        return link.isConnected();
    }

    /** How many times a coordinator has welcomed this agent since it started (reconnects count again). */
    public long welcomes() {
        return link.welcomes();
    }

    /**
     * Waits until the coordinator has welcomed this agent.
     *
     * @return false if that did not happen within {@code timeout}
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return link.awaitConnected(timeout);
    }

    /** Results held until the coordinator acknowledges them as stored (sent or not). */
    public int resultsWaiting() {
        return link.waiting();
    }

    /** Jobs running or waiting right now. */
    public int inFlight() {
        return runner.inFlight();
    }

    /**
     * Serves this agent's {@code /metrics} and {@code /healthz} on {@code address} until {@link #close}: over
     * HTTPS with the agent's certificate when it has one ({@link AgentConfig#tls()}) and {@code address} is not
     * loopback, else plain HTTP.
     *
     * @return the address bound (its port when {@code address} has port 0)
     * @throws IOException when the address cannot be bound
     */
    public synchronized InetSocketAddress serveHttp(HostPort address) throws IOException {
        if (closed || http.isPresent()) {
            throw new IllegalStateException(closed ? "agent is closed" : "agent already serves HTTP on " + http.get().address());
        }
        HttpEndpoint endpoint = metrics.serve(address, config.tls().map(AgentTls::httpsContext));
        http = Optional.of(endpoint);
        log.info("agent http listen={}://{}:{} paths=/metrics,/healthz", endpoint.scheme(), endpoint.address().getHostString(),
                endpoint.address().getPort());
        config.tls().filter(t -> endpoint.scheme().equals("https") && !t.allowsServerAuth()).ifPresent(t -> log.warn("agent https: certificate {} is for clientAuth only, "
                + "so scrapers will refuse it; issue one with host names: vantage certs issue --location {} --names HOST", t.cert(), config.location()));
        if (config.tls().isEmpty() && !address.isLoopback()) {
            log.warn("agent http listen={} is plain HTTP beyond loopback (--insecure-http); use it on an isolated network only", address);
        }
        return endpoint.address();
    }

    /** Ends the stream, drops waiting jobs, stops every thread of the agent; returns when they are gone (within a few seconds). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.ifPresent(HttpEndpoint::close);
        link.close();
        runner.close();
        prober.close();
        log.info("agent {} stopped", config.agentId());
    }
}
