package dev.vantage.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import dev.vantage.common.config.HostPort;
import dev.vantage.common.http.HttpEndpoint;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;

/**
 * The agent's figures for Prometheus. The probe path pays one counter increment per probe (the data
 * point of each reason is looked up once, here); in-flight probes, the link and the result buffer are
 * read when scraped.
 */
public final class AgentMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final CounterDataPoint[] byReason = new CounterDataPoint[FailureReason.values().length];
    private final BooleanSupplier linkUp;

    /**
     * @param inFlight probes running or waiting in the agent
     * @param linkUp   whether the coordinator has welcomed the agent on the current stream
     * @param waiting  results waiting for acknowledgement (not yet stored by the coordinator)
     */
    public AgentMetrics(IntSupplier inFlight, BooleanSupplier linkUp, IntSupplier waiting) {
        this.linkUp = linkUp;
        Counter probes = Counter.builder().name("vantage_agent_probes_total")
                .help("Probes this agent finished, by result (ok, failed) and reason (as the CLI shows it)")
                .labelNames("result", "reason").register(registry);
        for (FailureReason r : FailureReason.values()) {
            if (r != FailureReason.NO_AGENT && r != FailureReason.LOCATION_UNHEALTHY) {
                byReason[r.ordinal()] = probes.labelValues(r == FailureReason.NONE ? "ok" : "failed", r.label());
            }
        }
        // Only the coordinator makes "no agent available" and "location unhealthy"; should a probe ever report one, it counts as other.
        byReason[FailureReason.NO_AGENT.ordinal()] = byReason[FailureReason.OTHER.ordinal()];
        byReason[FailureReason.LOCATION_UNHEALTHY.ordinal()] = byReason[FailureReason.OTHER.ordinal()];
        GaugeWithCallback.builder().name("vantage_agent_probes_in_flight")
                .help("Probes running or waiting for a slot in this agent")
                .callback(cb -> cb.call(inFlight.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("vantage_agent_link_up")
                .help("1 while the coordinator has welcomed this agent on its stream, else 0")
                .callback(cb -> cb.call(linkUp.getAsBoolean() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("vantage_agent_results_waiting")
                .help("Results waiting for acknowledgement: held in this agent until the coordinator has stored them")
                .callback(cb -> cb.call(waiting.getAsInt())).register(registry);
    }

    /** Counts a finished probe; called on a probe thread, once per probe. */
    public void probed(ProbeOutcome outcome) {
        byReason[outcome.reason().ordinal()].inc();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Serves {@code /metrics} and {@code /healthz} on {@code address}: the agent's endpoint is meant for
     * loopback or a monitoring network (it has no tokens), so the agent only starts it when asked.
     *
     * @param tls the agent's certificate as an HTTPS context; empty: plain HTTP
     */
    public HttpEndpoint serve(HostPort address, Optional<SSLContext> tls) throws IOException {
        return HttpEndpoint.start(address, "vantage-agent-http", tls)
                .route("/metrics", new MetricsHandler(registry))
                .route("/healthz", this::health);
    }

    private void health(HttpExchange exchange) throws IOException {
        HttpEndpoint.respond(exchange, 200, "application/json",
                "{\"status\":\"ok\",\"link\":\"" + (linkUp.getAsBoolean() ? "up" : "down") + "\"}\n");
    }
}
