package dev.vantage.coordinator.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vantage.common.model.FailureReason;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.SlowConnect;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@link Alert} as one JSON document, version 1: the webhook body (documented on
 * {@link dev.vantage.coordinator.alert.channel.WebhookChannel}) and the form the store keeps in the
 * alert log, so both say the same thing. {@link #read} takes back what {@link #write} wrote.
 */
public final class AlertJson {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {
    }

    public static String write(Alert a) {
        try {
            return JSON.writeValueAsString(node(a));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws IllegalArgumentException when the text is not an alert {@link #write} made */
    public static Alert read(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode monitor = root.get("monitor");
            List<LocationFailure> failing = new ArrayList<>();
            for (JsonNode f : root.path("failing_locations")) {
                failing.add(new LocationFailure(f.get("location").asText(), reason(f.get("reason").asText()),
                        Instant.parse(f.get("at").asText())));
            }
            Instant first = Instant.parse(root.get("first_failure_at").asText());
            Instant raised = Instant.parse(root.get("raised_at").asText());
            AlertKind kind = kind(root.get("kind").asText());
            Optional<Duration> outage = kind.ends() ? Optional.of(Duration.between(first, raised)) : Optional.empty();
            // Clears stored before reasons existed all ended by recovery.
            Optional<ClearReason> clearReason = kind.ends()
                    ? Optional.of(ClearReason.fromLabel(root.path("clear_reason").asText(ClearReason.RECOVERED.label())))
                    : Optional.empty();
            List<SlowConnect> slow = new ArrayList<>();
            for (JsonNode f : root.path("slow_locations")) {
                slow.add(new SlowConnect(f.get("location").asText(), Duration.ofNanos(Math.round(f.get("connect_ms").asDouble() * 1e6)),
                        Instant.parse(f.get("at").asText())));
            }
            // Alerts stored before topics existed were all about outages.
            AlertTopic topic = AlertTopic.fromLabel(root.path("topic").asText(AlertTopic.OUTAGE.label()));
            return new Alert(kind, root.get("incident_id").asText(), root.path("reminder_number").asInt(),
                    root.path("sequence").asLong(), monitor.get("id").asLong(), monitor.get("name").asText(),
                    monitor.get("host").asText(), monitor.get("port").asInt(), failing, first, raised, outage, clearReason,
                    topic, slow);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a stored alert: " + e.getMessage(), e);
        }
    }

    static ObjectNode node(Alert a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("kind", a.kind().label());
        root.put("topic", a.topic().label());
        root.put("idempotency_key", a.idempotencyKey());
        root.put("incident_id", a.incidentId());
        root.put("sequence", a.sequence());
        root.put("reminder_number", a.reminderNumber());
        ObjectNode monitor = root.putObject("monitor");
        monitor.put("id", a.monitorId());
        monitor.put("name", a.monitorName());
        monitor.put("host", a.host());
        monitor.put("port", a.port());
        root.put("target", a.target());
        root.put("status_code", a.statusCode());
        root.put("status", a.status().text());
        ArrayNode failing = root.putArray("failing_locations");
        for (LocationFailure f : a.failingLocations()) {
            failing.addObject().put("location", f.location()).put("reason", f.reason().label()).put("at", f.at().toString());
        }
        if (!a.slowLocations().isEmpty()) {
            ArrayNode slow = root.putArray("slow_locations");
            for (SlowConnect c : a.slowLocations()) {
                slow.addObject().put("location", c.location()).put("connect_ms", c.connectTime().toNanos() / 1e6)
                        .put("at", c.at().toString());
            }
        }
        root.put("first_failure_at", a.firstFailureAt().toString());
        root.put("raised_at", a.raisedAt().toString());
        a.outage().ifPresent(d -> root.put("outage_seconds", d.toSeconds()));
        a.clearReason().ifPresent(r -> root.put("clear_reason", r.label()));
        return root;
    }

    private static AlertKind kind(String label) {
        for (AlertKind k : AlertKind.values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown alert kind '" + label + "'");
    }

    private static FailureReason reason(String label) {
        for (FailureReason r : FailureReason.values()) {
            if (r.label().equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown failure reason '" + label + "'");
    }
}
