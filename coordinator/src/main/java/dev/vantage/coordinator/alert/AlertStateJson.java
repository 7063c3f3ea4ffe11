package dev.vantage.coordinator.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vantage.common.model.FailureReason;
import dev.vantage.coordinator.decide.ErrorWindow;
import dev.vantage.coordinator.decide.LocationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        s.incident().ifPresent(i -> {
            ObjectNode n = root.putObject("incident");
            n.put("id", i.id());
            n.put("firstFailureAt", i.firstFailureAt().toString());
            n.put("openedAt", i.openedAt().toString());
            n.set("failing", failures(i.failing()));
            n.put("openSent", i.openSent());
            n.put("alertsSent", i.alertsSent());
            i.lastAlertAt().ifPresent(t -> n.put("lastAlertAt", t.toString()));
            n.put("rule", i.rule());
        });
        ErrorWindow w = s.window();
        if (!w.equals(ErrorWindow.empty())) {
            ObjectNode n = root.putObject("window");
            n.put("rounds", w.rounds());
            ArrayNode spans = n.putArray("spans");
            w.spans().forEach(span -> spans.addObject().put("from", span.from().toString()).put("to", span.to().toString()));
            n.put("failingNow", w.failingNow());
            w.firstError().ifPresent(t -> n.put("firstError", t.toString()));
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
            Optional<OpenIncident> incident = Optional.empty();
            JsonNode n = root.path("incident");
            if (n.isObject()) {
                incident = Optional.of(new OpenIncident(n.get("id").asText(), instant(n, "firstFailureAt").orElseThrow(),
                        instant(n, "openedAt").orElseThrow(), failures(n.path("failing")), n.path("openSent").asBoolean(),
                        n.path("alertsSent").asInt(), instant(n, "lastAlertAt"), n.path("rule").asText("")));
            }
            return new MonitorAlertState(MonitorState.valueOf(root.get("state").asText()), instant(root, "since"),
                    failures(root.path("lastFailures")), root.path("errorStreak").asInt(), instant(root, "streakStartedAt"), incident,
                    window(root.path("window")));
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
