package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.MonitorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The fields of a monitor an update changes; empty ones stay as they are.
 *
 * @param policy the monitor's alert policy changed as the update says ({@link UnaryOperator#identity()}: unchanged)
 */
public record MonitorPatch(
        Optional<String> name,
        Optional<String> host,
        Optional<Integer> port,
        Optional<Duration> interval,
        Optional<Duration> timeout,
        Optional<List<String>> locations,
        UnaryOperator<AlertPolicy> policy) {

    /** A patch that leaves the alert policy alone. */
    public MonitorPatch(Optional<String> name, Optional<String> host, Optional<Integer> port, Optional<Duration> interval,
                        Optional<Duration> timeout, Optional<List<String>> locations) {
        this(name, host, port, interval, timeout, locations, UnaryOperator.identity());
    }

    public MonitorSpec applyTo(MonitorSpec spec) {
        return new MonitorSpec(
                name.orElse(spec.name()),
                host.orElse(spec.host()),
                port.orElse(spec.port()),
                interval.orElse(spec.interval()),
                timeout.orElse(spec.timeout()),
                locations.orElse(spec.locations()),
                policy.apply(spec.policy()));
    }
}
