package dev.vantage.coordinator.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import dev.vantage.common.http.HttpEndpoint;
import dev.vantage.common.input.ValidationException;
import dev.vantage.common.text.Display;
import dev.vantage.coordinator.http.CoordinatorHttp;
import dev.vantage.coordinator.status.MonitorStatus;
import dev.vantage.coordinator.status.StatusBoard;
import dev.vantage.coordinator.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live status page: {@code /} serves a plain HTML page with its script and styles (no data in them,
 * so they are served to anyone), and the script polls {@code /api/status} (behind the same access rule as
 * {@code /metrics}: loopback, or a {@code read} token in the {@code Authorization} header) for one page
 * of monitors at a time. Read-only: anything but GET and HEAD is refused.
 *
 * <p>Polling rather than server-sent events: the operators' HTTP endpoint has two threads, and a stream
 * held open per viewer would take them from {@code /metrics}. The board of every monitor (every monitor
 * and latest result, read from the store) is shared by all viewers and read again only when it is older
 * than {@link #MIN_SNAPSHOT_AGE} and than {@link #READ_COST_FACTOR} times its last read took: a large
 * install's page refreshes less often instead of keeping a core busy.
 */
public final class StatusPage {
    private static final Logger log = LoggerFactory.getLogger(StatusPage.class);
    private static final String API_PATH = "/api/status";
    private static final Duration MIN_SNAPSHOT_AGE = Duration.ofSeconds(1);
    private static final int READ_COST_FACTOR = 5;
    private static final Duration BARS_AGE = Duration.ofSeconds(30);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** Scripts and styles from this origin only: no inline script runs, whatever a monitor's name holds. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new SimpleModule("vantage-page").addSerializer(Instant.class, ToStringSerializer.instance))
            .build();

    private final StatusBoard board;
    private final Clock clock;
    private final AvailabilityBars bars;
    /** The page's files by the path they are served at. */
    private final Map<String, Asset> assets = Map.of(
            "/", Asset.load("index.html", "text/html; charset=utf-8"),
            "/page/app.js", Asset.load("app.js", "text/javascript; charset=utf-8"),
            "/page/style.css", Asset.load("style.css", "text/css; charset=utf-8"));
    private Instant snapshotAt = Instant.EPOCH;
    private Duration snapshotAge = MIN_SNAPSHOT_AGE;
    private List<MonitorStatus> snapshot = List.of();
    private long failedUnlogged;
    private Instant failureLoggedAt = Instant.EPOCH;

    private StatusPage(StatusBoard board, Store store, Clock clock) {
        this.board = board;
        this.clock = clock;
        this.bars = new AvailabilityBars(store, BARS_AGE);
    }

    /** Serves the page and its JSON on {@code http}. */
    public static void serve(CoordinatorHttp http, StatusBoard board, Store store, Clock clock) {
        StatusPage page = new StatusPage(board, store, clock);
        http.routeOpen("/", page::asset);
        http.route(API_PATH, page::status);
    }

    private void asset(HttpExchange exchange) throws IOException {
        if (refusedMethod(exchange)) {
            return;
        }
        Asset asset = assets.get(exchange.getRequestURI().getPath());
        if (asset == null) {
            HttpEndpoint.respond(exchange, 404, "text/plain; charset=utf-8", "not found; the status page is at /\n");
            return;
        }
        send(exchange, 200, asset.type(), asset.body());
    }

    private void status(HttpExchange exchange) throws IOException {
        if (refusedMethod(exchange)) {
            return;
        }
        if (!exchange.getRequestURI().getPath().equals(API_PATH)) {
            HttpEndpoint.respond(exchange, 404, "text/plain; charset=utf-8", "not found; the status is at " + API_PATH + "\n");
            return;
        }
        PageView view;
        try {
            view = view(PageQuery.parse(exchange.getRequestURI().getRawQuery()));
        } catch (ValidationException e) {
            HttpEndpoint.respond(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
            return;
        } catch (RuntimeException e) {
            failed(e);
            HttpEndpoint.respond(exchange, 503, "text/plain; charset=utf-8", "the status cannot be read now (" + e.getClass().getSimpleName()
                    + "); the page tries again\n");
            return;
        }
        send(exchange, 200, "application/json", json(view));
    }

    /** Logs a failure to answer at most once per {@link #LOG_EVERY}, with how many there were: viewers poll every few seconds. */
    private synchronized void failed(RuntimeException e) {
        failedUnlogged++;
        Instant now = clock.instant();
        if (!failureLoggedAt.plus(LOG_EVERY).isAfter(now)) {
            log.warn("status page not answered: the status could not be read failed={} error={}", failedUnlogged,
                    Display.bounded(e.getClass().getSimpleName() + ": " + e.getMessage(), 200));
            failedUnlogged = 0;
            failureLoggedAt = now;
        }
    }

    private PageView view(PageQuery query) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return PageView.of(snapshot(now), query, now, ids -> bars.of(ids, now));
    }

    private synchronized List<MonitorStatus> snapshot(Instant now) {
        if (snapshotAt.plus(snapshotAge).isBefore(now) || now.isBefore(snapshotAt)) {
            long started = System.nanoTime();
            snapshot = board.all().stream().sorted(PageView.BY_NAME).toList();
            Duration cost = Duration.ofNanos(System.nanoTime() - started).multipliedBy(READ_COST_FACTOR);
            snapshotAge = cost.compareTo(MIN_SNAPSHOT_AGE) > 0 ? cost : MIN_SNAPSHOT_AGE;
            snapshotAt = now;
        }
        return snapshot;
    }

    private static byte[] json(PageView view) {
        try {
            return JSON.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean refusedMethod(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return false;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        HttpEndpoint.respond(exchange, 405, "text/plain; charset=utf-8", "the status page is read-only; use GET\n");
        return true;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        HttpEndpoint.respond(exchange, status, type, body);
    }

    /** A file of the page, read from the jar once. */
    private record Asset(String type, byte[] body) {
        static Asset load(String name, String type) {
            try (InputStream in = StatusPage.class.getResourceAsStream("/page/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the status page's " + name + " is missing from the coordinator jar");
                }
                return new Asset(type, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
