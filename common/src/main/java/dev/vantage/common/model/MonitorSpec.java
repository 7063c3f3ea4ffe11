package dev.vantage.common.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a user asks to monitor: the target, the schedule, the locations and the {@link AlertPolicy}
 * (mode, local retry, notify rules, blackouts). Validated by
 * {@link dev.vantage.common.validation.MonitorValidator} before it is stored.
 */
public record MonitorSpec(
        String name,
        String host,
        int port,
        Duration interval,
        Duration timeout,
        List<String> locations,
        AlertPolicy policy) {

    public MonitorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(policy, "policy");
        locations = List.copyOf(locations);
    }

    /** A monitor with the default {@link AlertPolicy}. */
    public MonitorSpec(String name, String host, int port, Duration interval, Duration timeout, List<String> locations) {
        this(name, host, port, interval, timeout, locations, AlertPolicy.defaults());
    }

    public MonitorSpec withHost(String newHost) {
        return new MonitorSpec(name, newHost, port, interval, timeout, locations, policy);
    }

    public MonitorSpec withLocations(List<String> newLocations) {
        return new MonitorSpec(name, host, port, interval, timeout, newLocations, policy);
    }

    public MonitorSpec withPolicy(AlertPolicy newPolicy) {
        return new MonitorSpec(name, host, port, interval, timeout, locations, newPolicy);
    }

    public ProbeTarget target() {
        return new ProbeTarget(host, port, timeout);
    }
}
