package dev.vantage.common.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a user asks to monitor. Validated by {@link dev.vantage.common.validation.MonitorValidator}
 * before it is stored.
 */
public record MonitorSpec(
        String name,
        String host,
        int port,
        Duration interval,
        Duration timeout,
        List<String> locations) {

    public MonitorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        locations = List.copyOf(locations);
    }

    public MonitorSpec withLocations(List<String> newLocations) {
        return new MonitorSpec(name, host, port, interval, timeout, newLocations);
    }

    public ProbeTarget target() {
        return new ProbeTarget(host, port, timeout);
    }
}
