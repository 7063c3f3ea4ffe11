package dev.vantage.coordinator.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vantage.common.model.FailureReason;
import dev.vantage.coordinator.decide.ErrorWindow;
import dev.vantage.coordinator.decide.FlapWatch;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SignalWatch;
import dev.vantage.coordinator.decide.SlowConnect;
import dev.vantage.coordinator.decide.Streak;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link MonitorAlertState} as one small JSON document, for the store to keep in one text column
 * per monitor. Instants are ISO-8601 strings; absent values are left out. Unknown fields are ignored
 * on reading, so fields can be added later.
 */
public final class AlertStateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertStateJson() {
    }

    public static String write(MonitorAlertState s) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("state", s.state().name());
        s.since().ifPresent(t -> root.put("since", t.toString()));
        root.set("lastFailures", failures(s.lastFailures()));
        root.put("errorStreak", s.errorStreak());
        s.streakStartedAt().ifPresent(t -> root.put("streakStartedAt", t.toString()));
        s.incident().ifPresent(i -> root.set("incident", incident(i)));
        ErrorWindow w = s.window();
        if (!w.equals(ErrorWindow.empty())) {
            ObjectNode n = root.putObject("window");
            n.put("rounds", w.rounds());
            ArrayNode spans = n.putArray("spans");
            w.spans().forEach(span -> spans.addObject().put("from", span.from().toString()).put("to", span.to().toString()));
            n.put("failingNow", w.failingNow());
            w.firstError().ifPresent(t -> n.put("firstError", t.toString()));
        }
        SignalState signals = s.signals();
        if (!signals.equals(SignalState.initial())) {
            ObjectNode n = root.putObject("signals");
            ArrayNode failing = n.putArray("failing");
            signals.watch().failing().forEach((location, streak) -> failing.addObject().put("location", location)
                    .put("rounds", streak.rounds()).put("since", streak.since().toString())
                    .put("reason", streak.latest().reason().name()).put("at", streak.latest().at().toString()));
            ArrayNode slow = n.putArray("slow");
            signals.watch().slow().forEach((location, streak) -> slow.addObject().put("location", location)
                    .put("rounds", streak.rounds()).put("since", streak.since().toString())
                    .put("connectNanos", streak.latest().connectTime().toNanos()).put("at", streak.latest().at().toString()));
            ArrayNode changes = n.putArray("flapChanges");
            signals.flap().changes().forEach(t -> changes.add(t.toString()));
            signals.flap().flappingSince().ifPresent(t -> n.put("flappingSince", t.toString()));
            signals.regional().ifPresent(i -> n.set("regional", incident(i)));
            signals.slow().ifPresent(i -> n.set("slowIncident", incident(i)));
            signals.flapping().ifPresent(i -> n.set("flapping", incident(i)));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert state", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a document {@link #write} made */
    public static MonitorAlertState read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            return new MonitorAlertState(MonitorState.valueOf(root.get("state").asText()), instant(root, "since"),
                    failures(root.path("lastFailures")), root.path("errorStreak").asInt(), instant(root, "streakStartedAt"),
                    incident(root.path("incident")), window(root.path("window")), signals(root.path("signals")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored alert state: " + e.getMessage(), e);
        }
    }

    /** Absent (a state stored before windows, or a window holding no error): empty. */
    private static ErrorWindow window(JsonNode n) {
        if (!n.isObject()) {
            return ErrorWindow.empty();
        }
        List<ErrorWindow.Span> spans = new ArrayList<>();
        for (JsonNode span : n.path("spans")) {
            spans.add(new ErrorWindow.Span(Instant.parse(span.get("from").asText()), Instant.parse(span.get("to").asText())));
        }
        return new ErrorWindow(n.path("rounds").asText(""), spans, n.path("failingNow").asBoolean(), instant(n, "firstError"));
    }

    private static ObjectNode incident(OpenIncident i) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", i.id());
        n.put("firstFailureAt", i.firstFailureAt().toString());
        n.put("openedAt", i.openedAt().toString());
        n.set("failing", failures(i.failing()));
        n.put("openSent", i.openSent());
        n.put("alertsSent", i.alertsSent());
        i.lastAlertAt().ifPresent(t -> n.put("lastAlertAt", t.toString()));
        n.put("rule", i.rule());
        return n;
    }

    private static Optional<OpenIncident> incident(JsonNode n) {
        if (!n.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new OpenIncident(n.get("id").asText(), instant(n, "firstFailureAt").orElseThrow(),
                instant(n, "openedAt").orElseThrow(), failures(n.path("failing")), n.path("openSent").asBoolean(),
                n.path("alertsSent").asInt(), instant(n, "lastAlertAt"), n.path("rule").asText("")));
    }

    /** Absent (a state stored before signals existed, or with nothing to remember): the initial one. */
    private static SignalState signals(JsonNode n) {
        if (!n.isObject()) {
            return SignalState.initial();
        }
        Map<String, Streak<LocationFailure>> failing = new LinkedHashMap<>();
        for (JsonNode f : n.path("failing")) {
            String location = f.get("location").asText();
            failing.put(location, new Streak<>(f.get("rounds").asInt(), Instant.parse(f.get("since").asText()),
                    new LocationFailure(location, FailureReason.valueOf(f.get("reason").asText()), Instant.parse(f.get("at").asText()))));
        }
        Map<String, Streak<SlowConnect>> slow = new LinkedHashMap<>();
        for (JsonNode f : n.path("slow")) {
            String location = f.get("location").asText();
            slow.put(location, new Streak<>(f.get("rounds").asInt(), Instant.parse(f.get("since").asText()),
                    new SlowConnect(location, Duration.ofNanos(f.get("connectNanos").asLong()), Instant.parse(f.get("at").asText()))));
        }
        List<Instant> changes = new ArrayList<>();
        n.path("flapChanges").forEach(t -> changes.add(Instant.parse(t.asText())));
        return new SignalState(new SignalWatch(failing, slow), new FlapWatch(changes, instant(n, "flappingSince")),
                incident(n.path("regional")), incident(n.path("slowIncident")), incident(n.path("flapping")));
    }

    private static ArrayNode failures(List<LocationFailure> failures) {
        ArrayNode a = MAPPER.createArrayNode();
        for (LocationFailure f : failures) {
            a.addObject().put("location", f.location()).put("reason", f.reason().name()).put("at", f.at().toString());
        }
        return a;
    }

    private static List<LocationFailure> failures(JsonNode array) {
        List<LocationFailure> out = new ArrayList<>();
        for (JsonNode f : array) {
            out.add(new LocationFailure(f.get("location").asText(), FailureReason.valueOf(f.get("reason").asText()),
                    Instant.parse(f.get("at").asText())));
        }
        return out;
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(Instant.parse(v.asText()));
    }
}
