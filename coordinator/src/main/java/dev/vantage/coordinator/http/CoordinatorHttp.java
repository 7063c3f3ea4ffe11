package dev.vantage.coordinator.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vantage.common.config.PlaintextRule;
import dev.vantage.common.http.HttpEndpoint;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.auth.Role;
import dev.vantage.coordinator.auth.TokenService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The coordinator's HTTP endpoint for operators. It starts before the coordinator waits for its store
 * lock, so a standby answers {@code /healthz} with 503; {@link #activate} makes it serve. Every route
 * with data needs a {@code read} token when {@code http.listen} is not a loopback address
 * ({@link HttpSettings#needsToken}); {@code /healthz} tells only ok, standby or lost_store_lock and the
 * number of agents, so load balancers and Kubernetes probes need none, and the status page's HTML,
 * script and styles hold no data ({@link #routeOpen}). With the coordinator's TLS it serves HTTPS with
 * the coordinator's certificate beyond loopback, so the token never crosses a network in clear; without,
 * it serves plain HTTP on loopback only, unless the operator allowed plaintext ({@link PlaintextRule}).
 */
public final class CoordinatorHttp implements AutoCloseable {
    private final HttpEndpoint endpoint;
    private final List<Filter> guards;
    private final Optional<TokenGuard> tokenGuard;
    private volatile Supplier<Health> health = () -> Health.STANDBY;

    private CoordinatorHttp(HttpEndpoint endpoint, Optional<TokenGuard> tokenGuard) {
        this.endpoint = endpoint;
        this.tokenGuard = tokenGuard;
        this.guards = tokenGuard.<List<Filter>>map(List::of).orElse(List.of());
        endpoint.route("/healthz", this::health);
    }

    /**
     * Starts serving {@code /healthz} (as a standby until {@link #activate}); nothing when {@code http.listen=off}.
     *
     * @param plaintext the coordinator's rule for plaintext ({@code insecure.plaintext}), the same as its gRPC port's
     * @param tls       the coordinator's certificate as an HTTPS context; empty: plain HTTP
     * @throws ValidationException naming {@code http.listen} when its address cannot be bound, or would carry
     *                             plaintext beyond this host
     */
    public static Optional<CoordinatorHttp> start(HttpSettings settings, PlaintextRule plaintext, Optional<SSLContext> tls) {
        if (settings.listen().isEmpty()) {
            return Optional.empty();
        }
        plaintext.require(HttpSettings.LISTEN_KEY, settings.listen().get(), "set tls.cert, tls.key and tls.ca to serve HTTPS "
                + "(see vantage certs init), bind it to loopback (e.g. 127.0.0.1:7480), or insecure.plaintext=true on an isolated network");
        try {
            HttpEndpoint endpoint = HttpEndpoint.start(settings.listen().get(), "vantage-http", tls);
            return Optional.of(new CoordinatorHttp(endpoint, settings.needsToken() ? Optional.of(new TokenGuard(Role.READ)) : Optional.empty()));
        } catch (IOException e) {
            throw new ValidationException(HttpSettings.LISTEN_KEY, "cannot listen on " + settings.listen().get() + ": " + e.getMessage()
                    + "; choose a free address, or off");
        }
    }

    /** This coordinator is active: tokens are checked against {@code tokens}, and health comes from {@code health}. */
    public void activate(TokenService tokens, Supplier<Health> current) {
        tokenGuard.ifPresent(g -> g.use(tokens));
        this.health = current;
    }

    /** Serves {@code path} behind the token check (when the address needs one). */
    public CoordinatorHttp route(String path, HttpHandler handler) {
        endpoint.route(path, handler, guards);
        return this;
    }

    /**
     * Serves {@code path} to anyone, token or not: only for what tells nothing about monitors (the status
     * page's HTML, script and styles, which a browser loads before it can send a token).
     */
    public CoordinatorHttp routeOpen(String path, HttpHandler handler) {
        endpoint.route(path, handler);
        return this;
    }

    /** {@code https} or {@code http}, as served. */
    public String scheme() {
        return endpoint.scheme();
    }

    public InetSocketAddress address() {
        return endpoint.address();
    }

    private void health(HttpExchange exchange) throws IOException {
        Health h = health.get();
        HttpEndpoint.respond(exchange, h.httpStatus(), "application/json", h.json());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
