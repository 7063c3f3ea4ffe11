package dev.vantage.coordinator.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A real HTTP server on 127.0.0.1 that records webhook requests and answers as a test scripts it. */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    public record Request(Map<String, List<String>> headers, byte[] body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, as webhook channels send it. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> scripted = new ConcurrentLinkedQueue<>();
    private volatile Function<Request, Integer> answer = r -> 200;
    private HttpServer server;
    private int port;

    public WebhookReceiver() {
        start(0);
    }

    /** (Re)starts on {@code port}; 0 picks a free one. */
    public synchronized WebhookReceiver start(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", wanted), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request seen = new Request(Map.copyOf(exchange.getRequestHeaders()), body, 0);
            Integer next = scripted.poll();
            int code = next != null ? next : answer.apply(seen);
            requests.add(new Request(seen.headers(), body, code));
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public int port() {
        return port;
    }

    /**
     * Coordinator settings for a webhook channel named {@code channel} that posts here, retried after
     * 100 ms up to 500 ms so tests wait for redeliveries in seconds.
     */
    public Properties channelSettings(String channel) {
        Properties p = new Properties();
        p.setProperty("channel." + channel + ".type", "webhook");
        p.setProperty("channel." + channel + ".url", url().toString());
        p.setProperty("channel." + channel + ".secret", "0123456789abcdef0123456789abcdef");
        p.setProperty("channel." + channel + ".timeout", "2s");
        p.setProperty("alert.retry.initial", "100ms");
        p.setProperty("alert.retry.max", "500ms");
        return p;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/hook");
    }

    /** The next answers, in order; after them {@link #answerWith}'s rule applies. */
    public void script(Integer... codes) {
        scripted.addAll(List.of(codes));
    }

    public void answerWith(Function<Request, Integer> rule) {
        answer = rule;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests answered 2xx. */
    public List<Request> accepted() {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.answered() / 100 == 2) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        stop();
    }
}
