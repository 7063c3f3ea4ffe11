package dev.vantage.coordinator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page's JSON over real HTTP from a real coordinator whose store holds 10,000 monitors (put
 * there at the store level, so none is scheduled and every state but PAUSED is UNKNOWN): paging, the
 * filter, the state filter, the 24-hour bar of hand-made results, and refusals of bad queries.
 */
class StatusPageJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MONITORS = 10_000;

    @TempDir
    Path dir;
    private Cluster cluster;
    private List<Monitor> monitors;

    @BeforeEach
    void fill() {
        cluster = new Cluster(dir, List.of("eu-west", "us-east"));
        Store store = cluster.coordinator().store();
        List<MonitorSpec> specs = new ArrayList<>();
        for (int i = 0; i < MONITORS; i++) {
            String host = i % 1000 == 7 ? "db-" + i + ".internal" : "host-" + i + ".example";
            specs.add(new MonitorSpec(String.format("svc-%05d", i), host, 443, Duration.ofMinutes(1), Duration.ofSeconds(5),
                    List.of("eu-west", "us-east")));
        }
        Instant now = Instant.now();
        monitors = store.createMonitors(specs, now);
        for (int i : List.of(5, 500, 9999)) {
            store.setPaused(monitors.get(i).id(), true, now);
        }
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void pagesFiltersAndCountsTenThousandMonitorsByName() throws Exception {
        long started = System.nanoTime();
        JsonNode first = get("/api/status");
        long firstMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(first.get("total").asLong()).isEqualTo(MONITORS);
        assertThat(first.get("page").asInt()).isEqualTo(1);
        assertThat(first.get("size").asInt()).isEqualTo(50);
        assertThat(first.get("pages").asInt()).isEqualTo(200);
        assertThat(names(first)).hasSize(50).startsWith("svc-00000", "svc-00001").endsWith("svc-00049");
        assertThat(first.get("states").get("UNKNOWN").asLong()).isEqualTo(MONITORS - 3);
        assertThat(first.get("states").get("PAUSED").asLong()).isEqualTo(3);
        assertThat(first.get("states").get("DOWN").asLong()).isZero();
        assertThat(first.get("incidents_total").asLong()).isZero();
        JsonNode cell = first.get("monitors").get(0).get("locations").get(1);
        assertThat(cell.get("location").asText()).isEqualTo("us-east");
        assertThat(cell.get("status").asText()).isEqualTo("PENDING");
        assertThat(cell.get("bar")).hasSize(24).allSatisfy(hour -> assertThat(hour.isNull()).isTrue());

        started = System.nanoTime();
        JsonNode last = get("/api/status?page=200&size=50");
        long pageMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(names(last)).hasSize(50).startsWith("svc-09950").endsWith("svc-09999");
        assertThat(get("/api/status?size=200&page=50").get("monitors")).hasSize(200);
        assertThat(get("/api/status?page=201").get("monitors")).isEmpty();

        started = System.nanoTime();
        JsonNode byName = get("/api/status?q=SVC-0012");
        long filterMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(byName.get("total").asLong()).isEqualTo(10);
        assertThat(byName.get("pages").asInt()).isEqualTo(1);
        assertThat(names(byName)).containsExactlyElementsOf(IntStream.range(120, 130).mapToObj(i -> String.format("svc-%05d", i)).toList());
        assertThat(names(get("/api/status?q=.internal"))).hasSize(10).first().isEqualTo("svc-00007");
        assertThat(get("/api/status?q=db-1007.internal").get("monitors").get(0).get("target").asText()).isEqualTo("db-1007.internal:443");

        JsonNode paused = get("/api/status?state=paused");
        assertThat(paused.get("total").asLong()).isEqualTo(3);
        assertThat(names(paused)).containsExactly("svc-00005", "svc-00500", "svc-09999");
        assertThat(paused.get("states").get("UNKNOWN").asLong()).as("state counts ignore the state filter").isEqualTo(MONITORS - 3);
        assertThat(get("/api/status?q=svc-0000&state=PAUSED").get("total").asLong()).isEqualTo(1);

        System.out.printf("status page JSON at %,d monitors: first page %d ms (board read), page 200 %d ms, filter %d ms, %,d bytes a page%n",
                MONITORS, firstMillis, pageMillis, filterMillis, request("GET", "/api/status").body().length());
        assertThat(firstMillis).as("first page at 10,000 monitors, ms").isLessThan(10_000);
    }

    @Test
    void theBarOfEachLocationIsTheShareOfConnectedScheduledProbesPerHour() throws Exception {
        Monitor web = monitors.get(0);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant earlier = hour.minus(Duration.ofHours(5));
        cluster.coordinator().store().insertResults(List.of(
                result(web, "eu-west", ResultKind.SCHEDULED, hour, true),
                result(web, "eu-west", ResultKind.SCHEDULED, hour.plusSeconds(1), true),
                result(web, "eu-west", ResultKind.SCHEDULED, hour.plusSeconds(2), true),
                result(web, "eu-west", ResultKind.RETRY, hour.plusSeconds(3), false),
                result(web, "eu-west", ResultKind.SCHEDULED, hour.plusSeconds(4), false),
                result(web, "us-east", ResultKind.SCHEDULED, earlier, false),
                new ProbeResult(99, web.id(), "us-east", "", ResultKind.SCHEDULED, earlier.plusSeconds(60),
                        ProbeOutcome.noAgent(earlier.plusSeconds(60), "no agent of us-east connected"))));

        JsonNode page = get("/api/status?q=svc-00000");

        JsonNode m = page.get("monitors").get(0);
        Instant firstHour = Instant.parse(page.get("first_hour").asText());
        int now = (int) Duration.between(firstHour, hour).toHours();
        JsonNode euWest = m.get("locations").get(0);
        assertThat(euWest.get("status").asText()).isEqualTo("DOWN");
        assertThat(euWest.get("reason").asText()).isEqualTo("refused");
        assertThat(euWest.get("connect_ms").isNull()).isTrue();
        assertThat(euWest.get("bar").get(now).asDouble()).as("3 of 4 scheduled probes connected; the retry does not count").isEqualTo(75.0);
        JsonNode usEast = m.get("locations").get(1);
        assertThat(usEast.get("status").asText()).isEqualTo("NO_AGENT");
        assertThat(usEast.get("bar").get(now - 5).asDouble()).as("one refused; no agent available is no verdict").isEqualTo(0.0);
        assertThat(usEast.get("bar").get(now).isNull()).isTrue();
    }

    @Test
    void badQueriesAreRefusedNamingTheParameterAndThePageIsReadOnly() throws Exception {
        assertThat(send("GET", "/api/status?size=500")).isEqualTo("400 size: must be a whole number from 1 to 200, got '500'\n");
        assertThat(send("GET", "/api/status?page=0")).isEqualTo("400 page: must be a whole number from 1 to 1000000, got '0'\n");
        assertThat(send("GET", "/api/status?state=sideways")).isEqualTo("400 state: unknown state 'sideways'; use one of UNKNOWN, UP, WARNING, "
                + "DOWN, PAUSED, BLACKOUT, REGIONAL, FLAPPING, or none for all\n");
        assertThat(send("POST", "/api/status")).isEqualTo("405 the status page is read-only; use GET\n");
        assertThat(send("DELETE", "/")).isEqualTo("405 the status page is read-only; use GET\n");
        assertThat(send("GET", "/nothing-here")).isEqualTo("404 not found; the status page is at /\n");
    }

    @Test
    void thePageItselfIsPlainHtmlScriptAndStylesWithAPolicyThatAllowsNoInlineScript() throws Exception {
        HttpResponse<String> html = request("GET", "/");
        HttpResponse<String> script = request("GET", "/page/app.js");

        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(html.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self';").doesNotContain("unsafe");
        assertThat(html.body()).contains("<script src=\"/page/app.js\" defer></script>").doesNotContain("http://", "https://");
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(script.body()).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
        assertThat(request("GET", "/page/style.css").statusCode()).isEqualTo(200);
        HttpResponse<String> head = request("HEAD", "/api/status");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    private static ProbeResult result(Monitor m, String location, ResultKind kind, Instant at, boolean connected) {
        ProbeOutcome outcome = connected ? ProbeOutcome.connected(2_000_000, "192.0.2.1:443", at)
                : ProbeOutcome.failed(FailureReason.REFUSED, "192.0.2.1:443", at, "connection refused");
        return new ProbeResult(at.toEpochMilli(), m.id(), location, "agent-" + location, kind, at, outcome);
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("monitors").forEach(m -> out.add(m.get("name").asText()));
        return out;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = request("GET", path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(r.body());
    }

    private String send(String method, String path) throws Exception {
        HttpResponse<String> r = request(method, path);
        return r.statusCode() + " " + r.body();
    }

    private HttpResponse<String> request(String method, String path) throws IOException, InterruptedException {
        int port = cluster.coordinator().httpAddress().orElseThrow().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
