package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.validation.Limits;
import dev.vantage.common.validation.MonitorValidator;
import dev.vantage.coordinator.schedule.Scheduler;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Monitor definitions as users change them: validated, stored, then put on the schedule.
 * The store is written before the scheduler hears of a change, so nothing is scheduled
 * that a restart would not find again.
 */
public final class MonitorCatalog {
    private final Store store;
    private final Scheduler scheduler;
    private final MonitorValidator validator;
    private final List<String> defaultLocations;
    private final Clock clock;
    private final Consumer<Monitor> changed;

    /** @param changed told of every monitor after it was stored changed (its new definition, paused or not) */
    public MonitorCatalog(Store store, Scheduler scheduler, MonitorValidator validator, List<String> defaultLocations, Clock clock,
                          Consumer<Monitor> changed) {
        this.store = store;
        this.scheduler = scheduler;
        this.validator = validator;
        this.defaultLocations = List.copyOf(defaultLocations);
        this.clock = clock;
        this.changed = changed;
    }

    /** Puts every stored monitor on the schedule (at start-up). */
    public int scheduleAll() {
        List<Monitor> all = store.listMonitors();
        all.forEach(scheduler::upsert);
        return all.size();
    }

    /** A spec without locations gets the configured default locations. */
    public Monitor create(MonitorSpec spec) {
        MonitorSpec withLocations = spec.locations().isEmpty() ? spec.withLocations(defaultLocations) : spec;
        Monitor m = store.createMonitor(validator.validate(withLocations), clock.instant());
        scheduler.upsert(m);
        return m;
    }

    public Monitor update(String ref, MonitorPatch patch) {
        Monitor current = find(ref);
        MonitorSpec spec = validator.validate(patch.applyTo(current.spec()));
        Monitor m = store.updateMonitor(current.id(), spec, clock.instant());
        scheduler.upsert(m);
        changed.accept(m);
        return m;
    }

    public Monitor setPaused(String ref, boolean paused) {
        Monitor current = find(ref);
        Monitor m = store.setPaused(current.id(), paused, clock.instant());
        scheduler.upsert(m);
        changed.accept(m);
        return m;
    }

    public Monitor delete(String ref) {
        Monitor current = find(ref);
        Monitor deleted = store.deleteMonitor(current.id()).orElseThrow(() -> new MonitorNotFoundException(ref));
        scheduler.remove(deleted.id());
        return deleted;
    }

    /** A monitor by name, or by id when the reference is all digits. */
    public Monitor find(String ref) {
        Limits.length("monitor", ref, Limits.MONITOR_REF);
        String r = ref == null ? "" : ref.trim();
        Optional<Monitor> m = r.matches("\\d{1,18}") ? store.findMonitor(Long.parseLong(r)) : store.findMonitorByName(r);
        return m.orElseThrow(() -> new MonitorNotFoundException(r));
    }

    public List<Monitor> list() {
        return store.listMonitors();
    }

}
