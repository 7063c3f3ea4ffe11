package dev.vantage.coordinator.alert;

import java.util.Objects;

/** The monitor an alert is about, as alerts name it; taken fresh from the monitor at each call. */
public record AlertSubject(long monitorId, String monitorName, String host, int port) {
    public AlertSubject {
        Objects.requireNonNull(monitorName, "monitorName");
        Objects.requireNonNull(host, "host");
    }
}
