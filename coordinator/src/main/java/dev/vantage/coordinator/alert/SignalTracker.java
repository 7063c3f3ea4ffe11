package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.NotifyRules;
import dev.vantage.common.model.SignalRules;
import dev.vantage.coordinator.decide.FlapWatch;
import dev.vantage.coordinator.decide.LocationFailure;
import dev.vantage.coordinator.decide.RoundVerdict;
import dev.vantage.coordinator.decide.SignalWatch;
import dev.vantage.coordinator.decide.SlowConnect;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link IncidentTracker}'s part for REGIONAL, slow connects and flapping ({@link SignalState}): moves
 * the location streaks ({@link SignalWatch}) and the flap history ({@link FlapWatch}) on by one round,
 * and opens, follows and ends their incidents. Pure, like the tracker.
 */
final class SignalTracker {
    private SignalTracker() {
    }

    /**
     * The round's REGIONAL, slow-connect and flapping news: streaks and flap history move on, a FLAPPING
     * incident opens or settles, and REGIONAL and slow incidents (when alerted) open, follow their
     * locations, and end when those recover. Opening alerts go out in {@link IncidentTracker}'s {@code due}.
     *
     * @param before the state before the round
     * @param next   the state after the round as far as the outage goes, with {@code before}'s signals
     */
    static MonitorAlertState onVerdict(AlertSubject subject, MonitorAlertState before, MonitorAlertState next,
                                       RoundVerdict verdict, AlertPolicy policy, Instant now, List<AlertIntent> alerts) {
        SignalRules rules = policy.signals();
        NotifyRules notify = policy.notifyRules();
        SignalState s = next.signals();
        SignalWatch watch = s.watch().next(verdict);
        boolean changed = before.incident().isPresent() != next.incident().isPresent();
        FlapWatch flap = s.flap().next(changed, now, rules);

        Optional<OpenIncident> flapping = s.flapping();
        if (flap.flapping() && flapping.isEmpty()) {
            Instant since = flap.flappingSince().orElseThrow();
            flapping = Optional.of(new OpenIncident(topicId(subject, AlertTopic.FLAPPING, since), since, now,
                    lastKnownFailures(before, next, verdict), false, 0, Optional.empty(), ""));
        } else if (!flap.flapping() && flapping.isPresent()) {
            IncidentTracker.end(subject, flapping.get(), AlertTopic.FLAPPING, List.of(), notify, ClearReason.SETTLED, now).ifPresent(alerts::add);
            flapping = Optional.empty();
        }

        List<LocationFailure> regionalNow = watch.regional(rules);
        Optional<OpenIncident> regional = s.regional();
        if (regional.isPresent() && (regionalNow.isEmpty() || !rules.notifyRegional())) {
            IncidentTracker.end(subject, regional.get(), AlertTopic.REGIONAL, List.of(), notify, ClearReason.RECOVERED, now).ifPresent(alerts::add);
            regional = Optional.empty();
        } else if (regional.isPresent()) {
            regional = Optional.of(regional.get().withFailing(regionalNow));
        } else if (rules.notifyRegional() && !regionalNow.isEmpty() && next.incident().isEmpty()) {
            Instant since = regionalNow.stream().map(LocationFailure::at).min(Instant::compareTo).orElseThrow();
            regional = Optional.of(new OpenIncident(topicId(subject, AlertTopic.REGIONAL, since), since, now, regionalNow, false, 0,
                    Optional.empty(), ""));
        }

        List<SlowConnect> slowNow = watch.slow(rules);
        Optional<OpenIncident> slow = s.slow();
        if (slow.isPresent() && (slowNow.isEmpty() || !rules.notifySlow())) {
            IncidentTracker.end(subject, slow.get(), AlertTopic.SLOW, s.watch().slow(rules), notify, ClearReason.RECOVERED, now).ifPresent(alerts::add);
            slow = Optional.empty();
        } else if (slow.isEmpty() && rules.notifySlow() && !slowNow.isEmpty()) {
            Instant since = watch.since(slowNow.stream().map(SlowConnect::location).toList(), true).orElse(now);
            slow = Optional.of(new OpenIncident(topicId(subject, AlertTopic.SLOW, since), since, now, List.of(), false, 0,
                    Optional.empty(), ""));
        }
        return next.withSignals(new SignalState(watch, flap, regional, slow, flapping));
    }

    /** What a FLAPPING alert names: the failures of the incident that just changed, else the latest ones seen. */
    private static List<LocationFailure> lastKnownFailures(MonitorAlertState before, MonitorAlertState next, RoundVerdict verdict) {
        for (List<LocationFailure> candidate : List.of(next.incident().map(OpenIncident::failing).orElse(List.of()),
                before.incident().map(OpenIncident::failing).orElse(List.of()), verdict.allFailures(), before.lastFailures())) {
            if (!candidate.isEmpty()) {
                return candidate;
            }
        }
        throw new IllegalStateException("the round due at " + verdict.dueAt() + " made the monitor flap without any failure on record");
    }

    private static String topicId(AlertSubject subject, AlertTopic topic, Instant since) {
        return subject.monitorId() + "-" + topic.label() + "-" + since.toEpochMilli();
    }
}
