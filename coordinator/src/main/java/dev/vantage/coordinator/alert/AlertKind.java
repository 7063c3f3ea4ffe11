package dev.vantage.coordinator.alert;

import dev.vantage.common.model.StatusCode;

/**
 * What an alert says about its incident: it opened, it is still open, or it cleared. A monitor's
 * incidents use OPEN, REMINDER and CLEAR; a location's (its canaries fail) LOCATION_DEGRADED and
 * LOCATION_RECOVERED.
 */
public enum AlertKind {
    /** The monitor went DOWN: the first alert of an incident. */
    OPEN("open", StatusCode.TCP_CONNECTION_FAILED),
    /** The monitor is still DOWN: a configured reminder. */
    REMINDER("reminder", StatusCode.TCP_CONNECTION_FAILED),
    /** The monitor is UP again: the last alert of an incident. */
    CLEAR("clear", StatusCode.OK),
    /** A location's canaries fail: its probes no longer count for any monitor (monitor id 0). */
    LOCATION_DEGRADED("location-degraded", StatusCode.LOCATION_UNHEALTHY),
    /** The location's canaries connect again: the last alert of its degradation. */
    LOCATION_RECOVERED("location-recovered", StatusCode.OK);

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

    /**
     * {@link StatusCode#TCP_CONNECTION_FAILED} (1) while a monitor's incident is open, {@link StatusCode#LOCATION_UNHEALTHY}
     * (91) while a location is degraded, {@link StatusCode#OK} (0) when either ends.
     */
    public StatusCode status() {
        return status;
    }

    /** Whether this alert ends its incident (it carries the outage and why it ended). */
    public boolean ends() {
        return this == CLEAR || this == LOCATION_RECOVERED;
    }
}
