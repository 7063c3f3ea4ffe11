package dev.vantage.coordinator.location;

import dev.vantage.common.config.HostPort;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ProbeTarget;
import dev.vantage.common.model.ResultKind;
import dev.vantage.common.model.StatusCode;
import dev.vantage.coordinator.alert.Alert;
import dev.vantage.coordinator.alert.AlertIntent;
import dev.vantage.coordinator.alert.ClearReason;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.dispatch.Job;
import dev.vantage.coordinator.store.SavedLocationHealth;
import dev.vantage.coordinator.store.Store;
import dev.vantage.coordinator.store.StoreException;
import dev.vantage.coordinator.store.SupersededException;
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
 * <p>Health survives restarts and failovers: each round that changes a location's health or streak saves
 * them ({@link Store#saveLocationHealth}, fenced, in one transaction with the alert of a change), and the
 * next active coordinator {@link #restore restores} them before its first round. A DEGRADED location so
 * stays DEGRADED until its canaries recover, its degradation is not alerted twice, and its recovery closes
 * the same incident. A saved location that has no canaries any more is UNCHECKED: its saved health is
 * dropped, and if it was DEGRADED one {@code location-recovered} (clear reason {@code deleted}) ends its
 * degradation, because its probes count again from now on and an incident left open in a pager would
 * never close; the alert does not claim the canaries connect.
 *
 * <p>Thread-safe: results arrive on agents' threads.
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
        Streak streak;
        volatile LocationHealth view;
        Round running;
        /** The open degradation; null while HEALTHY. */
        SavedLocationHealth.Episode episode;
        /** Alerts whose save failed, saved again with the next round's health. */
        final List<AlertIntent> unsaved = new ArrayList<>();
        /** The store does not hold this health yet (its save failed). */
        boolean dirty;

        Watched(String name, List<HostPort> canaries, Streak streak) {
            this.name = name;
            this.canaries = canaries;
            this.streak = streak;
            this.view = new LocationHealth(Health.HEALTHY, Optional.empty(), canaries, 0, 0, Optional.empty());
        }

        SavedLocationHealth saved() {
            return new SavedLocationHealth(streak.degraded(), view.since(), streak.against(), Optional.ofNullable(episode));
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

    /**
     * Carries on each location's health where the previous active coordinator left it in the store (see the class
     * comment); drops the saved health of locations without canaries now. Call once, when this coordinator has
     * become the active one and before the first round.
     */
    public void restore() {
        Instant now = clock.instant();
        store.locationHealth().forEach((name, saved) -> {
            Watched w = watched.get(name);
            if (w == null) {
                forget(name, saved, now);
                return;
            }
            synchronized (w) {
                w.streak = new Streak(settings.degradeAfter(), settings.recoverAfter(), saved.degraded(), saved.streak());
                w.episode = saved.episode().orElse(null);
                w.view = new LocationHealth(saved.degraded() ? Health.DEGRADED : Health.HEALTHY, saved.since(), w.canaries, 0, 0, Optional.empty());
            }
            if (saved.degraded()) {
                log.info("location still degraded: its results count for nothing until its canaries recover location={} since={}",
                        name, saved.since().map(Instant::toString).orElse("-"));
            }
        });
    }

    /** Drops the saved health of a location that has no canaries any more, ending its degradation if it had one. */
    private void forget(String name, SavedLocationHealth saved, Instant now) {
        List<AlertIntent> alerts = saved.episode().map(e -> List.of(new AlertIntent(endOf(name, e, now, ClearReason.DELETED), defaultChannels)))
                .orElse(List.of());
        try {
            announce(store.forgetLocationHealth(name, alerts, now));
        } catch (StoreException | SupersededException e) {
            log.error("location health not dropped: the store failed; the next start drops it location={} problem=\"{}\"", name, e.getMessage());
            return;
        }
        if (saved.degraded()) {
            log.warn("location no longer judged: its canaries were removed while it was degraded, so its degradation ends location={}", name);
        }
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
            Instant at = clock.instant();
            int againstBefore = w.streak.against();
            Optional<Health> changed = w.streak.round(round.connected, round.failed);
            Health health = w.streak.degraded() ? Health.DEGRADED : Health.HEALTHY;
            Optional<Instant> since = changed.isPresent() ? Optional.of(at) : w.view.since();
            w.view = new LocationHealth(health, since, w.canaries, round.connected, round.connected + round.failed, Optional.of(round.dueAt));
            changed.ifPresent(to -> w.unsaved.add(new AlertIntent(alert(w, to, round, at), defaultChannels)));
            if (changed.isPresent() || w.streak.against() != againstBefore || w.dirty) {
                save(w, at);
            }
        }
    }

    /** The alert about the location's change to {@code now}; caller holds its lock. */
    private Alert alert(Watched w, Health now, Round round, Instant at) {
        if (now == Health.DEGRADED) {
            ProbeResult f = round.firstFailure;
            // The agent's clock started the probe; an agent clock ahead of ours must not put the failure after the alert.
            Instant failedAt = f.outcome().startedAt().isAfter(at) ? at : f.outcome().startedAt();
            w.episode = new SavedLocationHealth.Episode("location-" + w.name + "-" + at.toEpochMilli(), w.canaries.get(0),
                    new LocationFailure(w.name, f.outcome().reason(), failedAt));
            log.warn("location degraded: its canaries fail location={} canaries={} failed_rounds={} reason=\"{}\"",
                    w.name, w.canaries.size(), settings.degradeAfter(), f.outcome().reason().label());
            return Alert.locationDegraded(w.episode.incidentId(), w.name, w.episode.canary().host(), w.episode.canary().port(),
                    w.episode.degradedBy(), at);
        }
        SavedLocationHealth.Episode ended = w.episode;
        w.episode = null;
        log.info("location healthy again: its canaries connect location={} good_rounds={}", w.name, settings.recoverAfter());
        return endOf(w.name, ended, at, ClearReason.RECOVERED);
    }

    /** The alert that ends a degradation. */
    private static Alert endOf(String location, SavedLocationHealth.Episode e, Instant at, ClearReason reason) {
        // The degradation may have been saved by a coordinator whose clock ran ahead of ours: the end never comes before its start.
        Instant raisedAt = at.isBefore(e.degradedBy().at()) ? e.degradedBy().at() : at;
        return Alert.locationRecovered(e.incidentId(), location, e.canary().host(), e.canary().port(), e.degradedBy(), raisedAt, reason);
    }

    /**
     * Saves the location's health with its unsaved alerts; caller holds its lock. On a failure both stay
     * in memory and the next round saves them again (an alert already in the log is not written twice).
     */
    private void save(Watched w, Instant at) {
        try {
            List<Alert> written = store.saveLocationHealth(w.name, w.saved(), List.copyOf(w.unsaved), at);
            w.unsaved.clear();
            w.dirty = false;
            announce(written);
        } catch (StoreException | SupersededException e) {
            w.dirty = true;
            log.error("location health not saved: the store failed; the next canary round saves it again location={} alerts={} problem=\"{}\"",
                    w.name, w.unsaved.size(), e.getMessage());
        }
    }

    private void announce(List<Alert> written) {
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
