package dev.vantage.coordinator.monitor;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.MonitorSpec;
import dev.vantage.common.input.Limits;
import dev.vantage.common.text.Display;
import dev.vantage.common.validation.MonitorValidator;
import dev.vantage.common.validation.RoundBudget;
import dev.vantage.common.input.ValidationException;
import dev.vantage.coordinator.store.MonitorWrite;
import dev.vantage.coordinator.schedule.Scheduler;
import dev.vantage.coordinator.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitor definitions as users change them: validated, stored, then put on the schedule.
 * The store is written before the scheduler hears of a change, so nothing is scheduled
 * that a restart would not find again.
 */
public final class MonitorCatalog {
    private static final Logger log = LoggerFactory.getLogger(MonitorCatalog.class);
    /** Monitors named one by one in the start-up warning about rounds that do not fit. */
    static final int MISFIT_WARNINGS = 20;
    private final Store store;
    private final Scheduler scheduler;
    private final MonitorValidator validator;
    private final List<String> defaultLocations;
    private final Clock clock;
    private final Consumer<Monitor> changed;
    private final Consumer<Monitor> deleting;

    /**
     * @param changed  told of every monitor after it was stored changed (its new definition, paused or not)
     * @param deleting told of a monitor off the schedule and about to be deleted from the store, while
     *                 its rows still exist (so its open incident can end)
     */
    public MonitorCatalog(Store store, Scheduler scheduler, MonitorValidator validator, List<String> defaultLocations, Clock clock,
                          Consumer<Monitor> changed, Consumer<Monitor> deleting) {
        this.store = store;
        this.scheduler = scheduler;
        this.validator = validator;
        this.defaultLocations = List.copyOf(defaultLocations);
        this.clock = clock;
        this.changed = changed;
        this.deleting = deleting;
    }

    /**
     * Puts every stored monitor on the schedule (at start-up). A monitor stored before its worst-case
     * round had to fit in its interval ({@link RoundBudget}) still runs, as it did, with a warning:
     * refusing it would stop monitoring a target that may be down right now, while running it costs
     * only the rounds it skips, which {@code vantage status} counts. The warning names the monitor and
     * the fix; past {@link #MISFIT_WARNINGS} monitors one more line gives the count, so a store of
     * many such monitors does not flood the log.
     */
    public int scheduleAll() {
        List<Monitor> all = store.listMonitors();
        int misfits = 0;
        for (Monitor m : all) {
            try {
                RoundBudget.check(m.spec());
            } catch (ValidationException e) {
                if (++misfits <= MISFIT_WARNINGS) {
                    log.warn("monitor's rounds do not fit in its interval, some will be skipped monitor={} name={} problem=\"{}\""
                            + " fix=\"vantage monitor update {} ...\"", m.id(), m.name(), e.getMessage(), m.name());
                }
            }
            scheduler.upsert(m);
        }
        if (misfits > MISFIT_WARNINGS) {
            log.warn("monitors whose rounds do not fit in their interval monitors={} (the first {} are named above)", misfits,
                    MISFIT_WARNINGS);
        }
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
        scheduler.remove(current.id());
        deleting.accept(current);
        return store.deleteMonitor(current.id()).orElseThrow(() -> new MonitorNotFoundException(ref));
    }

    /**
     * Makes the named monitors look as {@code entries} say: every entry is checked first and, when any
     * is invalid, nothing changes; otherwise the creates, updates and prune's deletes are written in one
     * store transaction, then the schedule follows. Entries that already match are left alone.
     *
     * @param keep   with prune: names not in {@code entries} that stay (the rest of a file sent in parts)
     * @param dryRun check and report only
     */
    public ApplyResult apply(List<ApplyEntry> entries, boolean prune, Set<String> keep, boolean dryRun) {
        Map<String, Monitor> existing = new HashMap<>();
        // Only prune needs every monitor; a batch of a large file needs just its own names.
        List<Monitor> all = prune ? store.listMonitors() : store.findMonitorsByName(entries.stream().map(ApplyEntry::name).toList());
        all.forEach(m -> existing.put(m.name(), m));
        List<ApplyOutcome> outcomes = new ArrayList<>();
        List<MonitorWrite> writes = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean valid = true;
        for (int i = 0; i < entries.size(); i++) {
            ApplyEntry entry = entries.get(i);
            try {
                Integer first = seen.putIfAbsent(entry.name(), i);
                if (first != null) {
                    throw new ValidationException("name", Display.quote(entry.name()) + " is also entry " + first
                            + " (counting from 0); each monitor may appear once");
                }
                DesiredMonitor desired = entry.definition().get();
                MonitorSpec spec = desired.spec().locations().isEmpty() ? desired.spec().withLocations(defaultLocations) : desired.spec();
                desired = new DesiredMonitor(validator.validate(spec), desired.paused());
                Monitor current = existing.get(entry.name());
                if (current == null) {
                    outcomes.add(ApplyOutcome.of(i, entry.name(), ApplyOutcome.Action.CREATE));
                    writes.add(new MonitorWrite(0, desired.spec(), desired.paused()));
                    continue;
                }
                List<FieldChange> changes = MonitorDiff.between(new DesiredMonitor(current.spec(), current.paused()), desired);
                if (changes.isEmpty()) {
                    outcomes.add(ApplyOutcome.of(i, entry.name(), ApplyOutcome.Action.UNCHANGED));
                } else {
                    outcomes.add(new ApplyOutcome(i, entry.name(), ApplyOutcome.Action.UPDATE, changes, ""));
                    writes.add(new MonitorWrite(current.id(), desired.spec(), desired.paused()));
                }
            } catch (ValidationException e) {
                valid = false;
                outcomes.add(new ApplyOutcome(i, entry.name(), ApplyOutcome.Action.INVALID, List.of(), e.getMessage()));
            }
        }
        List<Monitor> deletes = prune
                ? all.stream().filter(m -> !seen.containsKey(m.name()) && !keep.contains(m.name())).toList() : List.of();
        deletes.forEach(m -> outcomes.add(ApplyOutcome.of(-1, m.name(), ApplyOutcome.Action.DELETE)));
        if (!valid || dryRun) {
            return new ApplyResult(outcomes, false);
        }
        if (!writes.isEmpty() || !deletes.isEmpty()) {
            // As delete() does: off the schedule, and incidents ended while their rows exist, before the store forgets them.
            for (Monitor m : deletes) {
                scheduler.remove(m.id());
                deleting.accept(m);
            }
            List<Monitor> written;
            try {
                written = store.applyMonitors(writes, deletes.stream().map(Monitor::id).toList(), clock.instant());
            } catch (RuntimeException e) {
                deletes.forEach(scheduler::upsert); // still stored: back on the schedule (their incidents stay ended)
                throw e;
            }
            for (Monitor m : written) {
                scheduler.upsert(m);
                if (existing.containsKey(m.name())) {
                    changed.accept(m);
                }
            }
        }
        return new ApplyResult(outcomes, true);
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
