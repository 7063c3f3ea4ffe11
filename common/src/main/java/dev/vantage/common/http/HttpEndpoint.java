package dev.vantage.common.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.vantage.common.config.HostPort;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A small HTTP server for operators' endpoints ({@code /metrics}, {@code /healthz}, the coordinator's status page):
 * the JDK's server on two daemon threads, since it answers a scraper every few seconds, not users.
 * Coordinator and agent both serve one; each adds its own handlers with {@link #route}, each behind
 * the filters it names (the coordinator's token check). With a TLS context it serves HTTPS, server
 * authentication only: browsers and Prometheus present no client certificate.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private HttpEndpoint(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** {@code https} or {@code http}, as served. */
    public String scheme() {
        return server instanceof HttpsServer ? "https" : "http";
    }

    /**
     * Listens on {@code address} (port 0: a free one) and serves at once; routes may be added later.
     *
     * @param tls the server's certificate as a TLS context: HTTPS (TLS 1.3 or 1.2) with it, except on a loopback
     *            address, where nothing crosses a network and plain HTTP spares the local browser and Prometheus a
     *            private CA; empty: plain HTTP. The context's key manager is asked at every handshake, so one that
     *            reloads serves a new certificate at once.
     * @throws IOException when the address cannot be bound (in use, not local)
     */
    public static HttpEndpoint start(HostPort address, String threadName, Optional<SSLContext> tls) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(address.host(), address.port());
        HttpServer server = tls.isPresent() && !address.isLoopback() ? https(bind, tls.get()) : HttpServer.create(bind, 50);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.start();
        return new HttpEndpoint(server, threads);
    }

    private static HttpsServer https(InetSocketAddress bind, SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(bind, 50);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = context.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                p.setNeedClientAuth(false);
                params.setSSLParameters(p);
            }
        });
        return server;
    }

    /** Serves {@code path} (and everything under it, as the JDK server matches prefixes) with {@code handler}. */
    public HttpEndpoint route(String path, HttpHandler handler) {
        return route(path, handler, List.of());
    }

    /** Like {@link #route(String, HttpHandler)}, each request passing {@code filters} first, in order. */
    public HttpEndpoint route(String path, HttpHandler handler, List<Filter> filters) {
        server.createContext(path, handler).getFilters().addAll(filters);
        return this;
    }

    /** The address actually bound (its port when started with port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Sends a whole response with a body and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a whole response with a body (none to a HEAD request) and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    /** Stops at once: a scrape in progress is cut off, which its scraper retries. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
