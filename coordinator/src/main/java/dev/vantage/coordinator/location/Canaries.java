package dev.vantage.coordinator.location;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-aware locations: every {@link CanarySettings#interval()} each location's agents probe its
 * canaries like any job (their results are kept here, never stored as a monitor's); the {@link Streak}
 * rule turns rounds into HEALTHY or DEGRADED. While a location is DEGRADED, {@link #vet} turns each of
 * its monitor results into "location unhealthy" (status 91), which no decision counts. Each change
 * raises one alert about the location itself, on the default channels: {@code location-degraded},
 * then {@code location-recovered}.
 *
 * <p>Health is kept in memory: after a coordinator restart every location starts HEALTHY and is judged
 * again from its canaries. Thread-safe: results arrive on agents' threads.
 */
public final class Canaries {
    private static final Logger log = LoggerFactory.getLogger(Canaries.class);
    /** Canary jobs carry no monitor. */
    static final long NO_MONITOR = 0;

    private final CanarySettings settings;
    private final Consumer<List<Job>> dispatch;
    private final LongSupplier jobIds;
    private final Store store;
    private final List<String> defaultChannels;
    private final Consumer<List<Alert>> onAlerts;
    private final Clock clock;
    private final Map<String, Watched> watched = new LinkedHashMap<>();

    /** One location with canaries; guarded by itself. */
    private static final class Watched {
        final String name;
        final List<HostPort> canaries;
        final Streak streak;
        volatile LocationHealth view;
        Round running;
        /** The open degradation: its alert's incident id and the failure that started it. */
        String incidentId;
        LocationFailure degradedBy;

        Watched(String name, List<HostPort> canaries, Streak streak) {
            this.name = name;
            this.canaries = canaries;
            this.streak = streak;
            this.view = new LocationHealth(Health.HEALTHY, Optional.empty(), canaries, 0, 0, Optional.empty());
        }
    }

    /** One canary round of one location: its answers so far. */
    private static final class Round {
        final Instant dueAt;
        int waiting;
        int connected;
        int failed;
        ProbeResult firstFailure;

        Round(Instant dueAt, int waiting) {
            this.dueAt = dueAt;
            this.waiting = waiting;
        }
    }

    /**
     * @param dispatch        hands canary jobs to the dispatcher
     * @param jobIds          the dispatcher's job ids
     * @param defaultChannels where location alerts go
     * @param onAlerts        told of alerts just saved
     */
    public Canaries(CanarySettings settings, Consumer<List<Job>> dispatch, LongSupplier jobIds, Store store,
                    List<String> defaultChannels, Consumer<List<Alert>> onAlerts, Clock clock) {
        this.settings = settings;
        this.dispatch = dispatch;
        this.jobIds = jobIds;
        this.store = store;
        this.defaultChannels = List.copyOf(defaultChannels);
        this.onAlerts = onAlerts;
        this.clock = clock;
        settings.canaries().forEach((name, targets) ->
                watched.put(name, new Watched(name, targets, new Streak(settings.degradeAfter(), settings.recoverAfter()))));
    }

    /** Whether any location has canaries (else nothing runs). */
    public boolean any() {
        return !watched.isEmpty();
    }

    /** Starts a canary round in every location with canaries whose previous round has finished. */
    public void runRound() {
        Instant now = clock.instant();
        long staleAt = now.plus(settings.interval().dividedBy(2)).toEpochMilli();
        List<Job> jobs = new ArrayList<>();
        for (Watched w : watched.values()) {
            Round round;
            synchronized (w) {
                if (w.running != null) {
                    continue;
                }
                round = new Round(now, w.canaries.size());
                w.running = round;
            }
            for (HostPort c : w.canaries) {
                jobs.add(new Job(jobIds.getAsLong(), NO_MONITOR, w.name, new ProbeTarget(c.host(), c.port(), settings.timeout()),
                        ResultKind.SCHEDULED, now, staleAt, r -> answered(w, round, r)));
            }
        }
        if (!jobs.isEmpty()) {
            dispatch.accept(jobs);
        }
    }

    private void answered(Watched w, Round round, ProbeResult r) {
        Optional<Health> changed;
        synchronized (w) {
            StatusCode status = r.outcome().status();
            if (status == StatusCode.OK) {
                round.connected++;
            } else if (status == StatusCode.TCP_CONNECTION_FAILED) {
                round.failed++;
                if (round.firstFailure == null) {
                    round.firstFailure = r;
                }
            }
            if (--round.waiting > 0) {
                return;
            }
            w.running = null;
            changed = w.streak.round(round.connected, round.failed);
            LocationHealth before = w.view;
            Health health = w.streak.degraded() ? Health.DEGRADED : Health.HEALTHY;
            Optional<Instant> since = changed.isPresent() ? Optional.of(clock.instant()) : before.since();
            w.view = new LocationHealth(health, since, w.canaries, round.connected, round.connected + round.failed, Optional.of(round.dueAt));
            if (changed.isPresent()) {
                raise(w, changed.get(), round);
            }
        }
    }

    /** One alert about the location itself; caller holds its lock. */
    private void raise(Watched w, Health now, Round round) {
        Instant at = clock.instant();
        HostPort first = w.canaries.get(0);
        Alert alert;
        if (now == Health.DEGRADED) {
            ProbeResult f = round.firstFailure;
            // The agent's clock started the probe; an agent clock ahead of ours must not put the failure after the alert.
            Instant failedAt = f.outcome().startedAt().isAfter(at) ? at : f.outcome().startedAt();
            w.degradedBy = new LocationFailure(w.name, f.outcome().reason(), failedAt);
            w.incidentId = "location-" + w.name + "-" + at.toEpochMilli();
            alert = Alert.locationDegraded(w.incidentId, w.name, first.host(), first.port(), w.degradedBy, at);
            log.warn("location degraded: its canaries fail location={} canaries={} failed_rounds={} reason=\"{}\"",
                    w.name, w.canaries.size(), settings.degradeAfter(), f.outcome().reason().label());
        } else {
            alert = Alert.locationRecovered(w.incidentId, w.name, first.host(), first.port(), w.degradedBy, at);
            log.info("location healthy again: its canaries connect location={} good_rounds={}", w.name, settings.recoverAfter());
        }
        List<Alert> written;
        try {
            written = store.saveAlerts(List.of(new AlertIntent(alert, defaultChannels)), at);
        } catch (StoreException e) {
            log.error("location alert not saved: the store failed location={} kind={} problem=\"{}\"", w.name, alert.kind().label(), e.getMessage());
            return;
        }
        if (!written.isEmpty()) {
            onAlerts.accept(written);
        }
    }

    /** Whether the location's canaries fail now. */
    public boolean degraded(String location) {
        Watched w = watched.get(location);
        return w != null && w.view.health() == Health.DEGRADED;
    }

    /** A monitor's result as it must count: "location unhealthy" when its location is DEGRADED. */
    public ProbeResult vet(ProbeResult r) {
        if (!r.outcome().status().isTargetVerdict() || !degraded(r.location())) {
            return r;
        }
        return new ProbeResult(r.jobId(), r.monitorId(), r.location(), r.agentId(), r.kind(), r.dueAt(),
                r.outcome().fromUnhealthyLocation(r.location()));
    }

    /** Each location with canaries: whether it is DEGRADED now (the {@code vantage_location_degraded} gauge). */
    public Map<String, Boolean> degradedNow() {
        Map<String, Boolean> now = new LinkedHashMap<>();
        watched.keySet().forEach(l -> now.put(l, degraded(l)));
        return now;
    }

    /** A location's health; UNCHECKED for one without canaries. */
    public LocationHealth health(String location) {
        Watched w = watched.get(location);
        return w == null ? LocationHealth.unchecked() : w.view;
    }
}
