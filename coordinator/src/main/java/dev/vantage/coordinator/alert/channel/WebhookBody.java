package dev.vantage.coordinator.alert.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.decide.LocationFailure;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON body of a webhook request, version 1; the shape is documented on {@link WebhookChannel}. */
final class WebhookBody {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBody() {
    }

    static byte[] of(Alert a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("kind", a.kind().label());
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
            ObjectNode l = failing.addObject();
            l.put("location", f.location());
            l.put("reason", f.reason().label());
            l.put("at", f.at().toString());
        }
        root.put("first_failure_at", a.firstFailureAt().toString());
        root.put("raised_at", a.raisedAt().toString());
        a.outage().ifPresent(d -> root.put("outage_seconds", d.toSeconds()));
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
