package dev.vantage.coordinator.alert;

import java.util.List;
import java.util.Objects;

/**
 * An alert {@link IncidentTracker} decided to send, and to whom: the {@link Alert} itself (not yet
 * numbered: the outbox gives it each consumer's sequence) and its recipients.
 *
 * @param alert      the alert, {@link Alert#sequence()} 0
 * @param recipients channel names from {@code --notify}; empty means the configured default set
 */
public record AlertIntent(Alert alert, List<String> recipients) {
    public AlertIntent {
        Objects.requireNonNull(alert, "alert");
        recipients = List.copyOf(recipients);
    }

    public AlertKind kind() {
        return alert.kind();
    }
}
