package dev.vantage.coordinator.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.Alerts;
import dev.vantage.coordinator.alert.DeliveryException;
import dev.vantage.coordinator.alert.WebhookReceiver;
import java.time.Clock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
    private static final String SECRET = "s3cret-s3cret-s3cret";
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-26T12:00:06Z"), ZoneOffset.UTC);
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final WebhookChannel channel = new WebhookChannel(
            new WebhookChannel.Settings("ops", receiver.url(), SECRET, Duration.ofSeconds(5)), clock);

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void openAlertPostsTheDocumentedBodyAndHeaders() throws Exception {
        channel.deliver(Alerts.open(7, "inc-42").withSequence(3));

        WebhookReceiver.Request r = receiver.requests().get(0);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("Idempotency-Key")).isEqualTo("inc-42:open");
        assertThat(r.header("X-Vantage-Timestamp")).isEqualTo(Long.toString(clock.instant().getEpochSecond()));
        assertThat(r.header("User-Agent")).startsWith("vantage/");
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("kind").asText()).isEqualTo("open");
        assertThat(body.get("incident_id").asText()).isEqualTo("inc-42");
        assertThat(body.get("idempotency_key").asText()).isEqualTo("inc-42:open");
        assertThat(body.get("sequence").asLong()).isEqualTo(3);
        assertThat(body.get("monitor").get("id").asLong()).isEqualTo(7);
        assertThat(body.get("monitor").get("name").asText()).isEqualTo("web");
        assertThat(body.get("monitor").get("host").asText()).isEqualTo("127.0.0.1");
        assertThat(body.get("monitor").get("port").asInt()).isEqualTo(8080);
        assertThat(body.get("target").asText()).isEqualTo("127.0.0.1:8080");
        assertThat(body.get("status_code").asInt()).isEqualTo(1);
        assertThat(body.get("status").asText()).isEqualTo("TCP connection failed");
        assertThat(body.get("failing_locations")).hasSize(2);
        assertThat(body.get("failing_locations").get(0).get("location").asText()).isEqualTo("eu-west");
        assertThat(body.get("failing_locations").get(0).get("reason").asText()).isEqualTo("timed out");
        assertThat(body.get("failing_locations").get(0).get("at").asText()).isEqualTo("2026-11-26T12:00:03Z");
        assertThat(body.get("failing_locations").get(1).get("reason").asText()).isEqualTo("refused");
        assertThat(body.get("first_failure_at").asText()).isEqualTo("2026-11-26T12:00:03Z");
        assertThat(body.get("raised_at").asText()).isEqualTo("2026-11-26T12:00:05Z");
        assertThat(body.has("outage_seconds")).isFalse();
    }

    @Test
    void clearAlertCarriesStatusZeroAndTheOutage() throws Exception {
        channel.deliver(Alerts.clear(7, "inc-42").withSequence(4));

        JsonNode body = new ObjectMapper().readTree(receiver.requests().get(0).body());
        assertThat(body.get("kind").asText()).isEqualTo("clear");
        assertThat(body.get("status_code").asInt()).isZero();
        assertThat(body.get("status").asText()).isEqualTo("OK");
        assertThat(body.get("outage_seconds").asLong()).isEqualTo(12 * 60 + 34);
        assertThat(receiver.requests().get(0).header("Idempotency-Key")).isEqualTo("inc-42:clear");
    }

    @Test
    void signatureVerifiesWithTheChannelSecretOnlyAndOnlyForTheExactBody() throws Exception {
        channel.deliver(Alerts.open(7, "inc-42").withSequence(1));

        WebhookReceiver.Request r = receiver.requests().get(0);
        String signature = r.header("X-Vantage-Signature");
        assertThat(signature).matches("sha256=[0-9a-f]{64}");
        assertThat(WebhookChannel.verifySignature(SECRET, r.body(), signature)).isTrue();
        assertThat(WebhookChannel.verifySignature("another-secret-entirely", r.body(), signature)).isFalse();
        byte[] tampered = r.body().clone();
        tampered[tampered.length - 2] ^= 1;
        assertThat(WebhookChannel.verifySignature(SECRET, tampered, signature)).isFalse();
        assertThat(WebhookChannel.verifySignature(SECRET, r.body(), "sha256=zz")).isFalse();
        assertThat(WebhookChannel.verifySignature(SECRET, r.body(), null)).isFalse();
    }

    @Test
    void aResendCarriesTheSameIdempotencyKeyAndBody() throws Exception {
        Alert alert = Alerts.reminder(7, "inc-42", 2).withSequence(9);
        receiver.script(503);

        assertThatThrownBy(() -> channel.deliver(alert)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("503").matches(e -> ((DeliveryException) e).retryable());
        channel.deliver(alert);

        assertThat(receiver.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly("inc-42:reminder-2", "inc-42:reminder-2");
        assertThat(receiver.requests().get(0).body()).isEqualTo(receiver.requests().get(1).body());
    }

    @Test
    void goneIsPermanentAndOtherErrorsAreRetryable() {
        receiver.script(410, 400, 429);
        Alert alert = Alerts.open(7, "inc-42").withSequence(1);

        assertThatThrownBy(() -> channel.deliver(alert)).matches(e -> !((DeliveryException) e).retryable());
        assertThatThrownBy(() -> channel.deliver(alert)).matches(e -> ((DeliveryException) e).retryable());
        assertThatThrownBy(() -> channel.deliver(alert)).matches(e -> ((DeliveryException) e).retryable());
    }

    @Test
    void anUnreachableReceiverIsARetryableFailure() {
        receiver.stop();

        assertThatThrownBy(() -> channel.deliver(Alerts.open(7, "inc-42").withSequence(1)))
                .isInstanceOf(DeliveryException.class)
                .matches(e -> ((DeliveryException) e).retryable());
    }

    @Test
    void aFailedDeliveryNamesTheUrlWithItsPasswordMasked() throws Exception {
        URI plain = receiver.url();
        URI withCredentials = new URI(plain.getScheme(), "ops:hunter2hunter2", plain.getHost(), plain.getPort(), plain.getPath(),
                "token=t0k3n", null);
        WebhookChannel secretive = new WebhookChannel(new WebhookChannel.Settings("ops", withCredentials, SECRET, Duration.ofSeconds(5)), clock);
        receiver.stop();

        assertThatThrownBy(() -> secretive.deliver(Alerts.open(7, "inc-42").withSequence(1)))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("ops:***@").hasMessageContaining("token=***")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("t0k3n");
    }
}
