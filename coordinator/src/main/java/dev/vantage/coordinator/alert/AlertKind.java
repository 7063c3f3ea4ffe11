package dev.vantage.coordinator.alert;

import dev.vantage.common.model.StatusCode;

/** What an alert says about its incident: it opened, it is still open, or it cleared. */
public enum AlertKind {
    /** The monitor went DOWN: the first alert of an incident. */
    OPEN("open", StatusCode.TCP_CONNECTION_FAILED),
    /** The monitor is still DOWN: a configured reminder. */
    REMINDER("reminder", StatusCode.TCP_CONNECTION_FAILED),
    /** The monitor is UP again: the last alert of an incident. */
    CLEAR("clear", StatusCode.OK);

    private final String label;
    private final StatusCode status;

    AlertKind(String label, StatusCode status) {
        this.label = label;
        this.status = status;
    }

    /** The lower-case word used in webhook bodies and idempotency keys. */
    public String label() {
        return label;
    }

    /** {@link StatusCode#TCP_CONNECTION_FAILED} (1) while the incident is open, {@link StatusCode#OK} (0) for a clear. */
    public StatusCode status() {
        return status;
    }
}
