package dev.vantage.coordinator.alert.channel;

import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertJson;
import java.nio.charset.StandardCharsets;

/** The JSON body of a webhook request, version 1; the shape is documented on {@link WebhookChannel}. */
final class WebhookBody {
    private WebhookBody() {
    }

    static byte[] of(Alert a) {
        return AlertJson.write(a).getBytes(StandardCharsets.UTF_8);
    }
}
