package dev.vantage.coordinator.alert;

import java.util.List;
import java.util.Objects;

/**
 * An alert {@link IncidentTracker} decided to raise, and to whom: the {@link Alert} itself (not yet
 * numbered: the outbox gives it each consumer's sequence) and its recipients.
 *
 * @param alert      the alert, {@link Alert#sequence()} 0
 * @param recipients channel names from {@code --notify}; empty means the configured default set
 * @param logOnly    written to the alert log (so {@code incidents} and gRPC subscribers see the
 *                   incident end) but sent to no channel: a CLEAR under {@code --no-notify-on-clear}
 */
public record AlertIntent(Alert alert, List<String> recipients, boolean logOnly) {
    public AlertIntent {
        Objects.requireNonNull(alert, "alert");
        recipients = List.copyOf(recipients);
    }

    /** An alert for the channels of {@code recipients} (empty: the default set). */
    public AlertIntent(Alert alert, List<String> recipients) {
        this(alert, recipients, false);
    }

    public AlertKind kind() {
        return alert.kind();
    }
}
