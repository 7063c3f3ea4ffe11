package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.MonitorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The fields of a monitor an update changes; empty ones stay as they are. */
public record MonitorPatch(
        Optional<String> name,
        Optional<String> host,
        Optional<Integer> port,
        Optional<Duration> interval,
        Optional<Duration> timeout,
        Optional<List<String>> locations) {

    public MonitorSpec applyTo(MonitorSpec spec) {
        return new MonitorSpec(
                name.orElse(spec.name()),
                host.orElse(spec.host()),
                port.orElse(spec.port()),
                interval.orElse(spec.interval()),
                timeout.orElse(spec.timeout()),
                locations.orElse(spec.locations()));
    }
}
