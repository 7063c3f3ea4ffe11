package dev.vantage.coordinator.alert.channel;

import dev.vantage.common.VantageVersion;
import dev.vantage.common.text.Redaction;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.Channel;
import dev.vantage.coordinator.alert.DeliveryException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers alerts as signed HTTP POST requests.
 *
 * <p>Request: {@code POST <url>} with {@code Content-Type: application/json} and
 * <ul>
 *   <li>{@code X-Vantage-Signature: sha256=<hex>}: HMAC-SHA256 of the exact body bytes, keyed with the
 *       channel's secret (UTF-8), lower-case hex. Check it with {@link #verifySignature} before
 *       trusting the body;</li>
 *   <li>{@code X-Vantage-Timestamp: <unix seconds>}: when this attempt was sent;</li>
 *   <li>{@code Idempotency-Key: <key>}: {@link Alert#idempotencyKey()}, the same on every resend of the
 *       alert, e.g. {@code inc-42:open}, {@code inc-42:reminder-2}, {@code inc-42:clear}; a receiver that
 *       has seen it already should answer 2xx and drop the duplicate;</li>
 *   <li>{@code User-Agent: vantage/<version>}.</li>
 * </ul>
 * Body (version 1; {@code outage_seconds} and {@code clear_reason} only in a clear):
 * <pre>{@code
 * {"version":1,"kind":"open","idempotency_key":"inc-42:open","incident_id":"inc-42","sequence":17,
 *  "reminder_number":0,
 *  "monitor":{"id":7,"name":"web","host":"127.0.0.1","port":8080},"target":"127.0.0.1:8080",
 *  "status_code":1,"status":"TCP connection failed",
 *  "failing_locations":[{"location":"eu-west","reason":"timed out","at":"2026-11-26T12:00:03Z"}],
 *  "first_failure_at":"2026-11-26T12:00:03Z","raised_at":"2026-11-26T12:00:04Z"}
 * }</pre>
 * {@code kind} is {@code open}, {@code reminder} or {@code clear}; {@code status_code} 1 with status
 * {@code TCP connection failed}, or 0 with {@code OK} for a clear; {@code clear_reason} is {@code recovered},
 * {@code paused} or {@code deleted}; times are ISO-8601 UTC.
 *
 * <p>Answers: any 2xx acknowledges. 410 Gone is a permanent refusal (retried only at the longest
 * backoff, logged as an error). Everything else (other non-2xx, redirects, which are not followed,
 * timeouts, connection errors) is retried with backoff, honouring {@code Retry-After} in seconds.
 */
public final class WebhookChannel implements Channel {
    public static final String SIGNATURE_HEADER = "X-Vantage-Signature";
    public static final String TIMESTAMP_HEADER = "X-Vantage-Timestamp";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final String SIGNATURE_PREFIX = "sha256=";

    private final Settings settings;
    private final HttpClient http;
    private final Clock clock;

    /**
     * @param name    the channel's name
     * @param url     where to POST, http or https
     * @param secret  the HMAC key receivers share
     * @param timeout for connecting and for the whole request
     */
    public record Settings(String name, URI url, String secret, Duration timeout) implements ChannelSettings {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public Channel open(Clock clock) {
            return new WebhookChannel(this, clock);
        }

        @Override
        public String toString() {
            return "Settings[name=" + name + ", url=" + shownUrl() + ", secret=(hidden), timeout=" + timeout + "]";
        }

        /** The URL for errors and logs: a password or token in it is masked. */
        String shownUrl() {
            return Redaction.url(url.toString());
        }
    }

    public WebhookChannel(Settings settings, Clock clock) {
        this(settings, HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build(), clock);
    }

    public WebhookChannel(Settings settings, HttpClient http, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body = WebhookBody.of(alert);
        HttpRequest request = HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "vantage/" + VantageVersion.current())
                .header(SIGNATURE_HEADER, sign(settings.secret(), body))
                .header(TIMESTAMP_HEADER, Long.toString(clock.instant().getEpochSecond()))
                .header(IDEMPOTENCY_HEADER, alert.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw DeliveryException.retryable("POST " + settings.shownUrl() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("POST " + settings.shownUrl() + " interrupted", e);
        }
        int code = response.statusCode();
        String excerpt = excerpt(response.body());
        if (code >= 200 && code < 300) {
            return;
        }
        String message = "POST " + settings.shownUrl() + " answered " + code + (excerpt.isEmpty() ? "" : ": " + excerpt);
        if (code == 410) {
            throw DeliveryException.permanent(message);
        }
        throw new DeliveryException(message, true, retryAfter(response), null);
    }

    /** {@code sha256=<lower-case hex HMAC-SHA256 of body keyed with secret>}: the signature header's value. */
    public static String sign(String secret, byte[] body) {
        return SIGNATURE_PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * Whether {@code signatureHeader} is the signature of {@code body} with {@code secret}; compares in
     * constant time. For receivers: verify the raw body bytes as received, before parsing them.
     */
    public static boolean verifySignature(String secret, byte[] body, String signatureHeader) {
        if (signatureHeader == null || !signatureHeader.startsWith(SIGNATURE_PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHeader.substring(SIGNATURE_PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, body), given);
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.trim());
                return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** The start of the receiver's answer, for the error message; the rest is discarded unread. */
    private static String excerpt(InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(200);
            return new String(head, StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        } catch (IOException e) {
            return "";
        }
    }
}
