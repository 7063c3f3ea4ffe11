package dev.vantage.coordinator.alert;

import dev.vantage.common.model.AlertPolicy;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.MutableClock;
import dev.vantage.coordinator.decide.Probe;
import dev.vantage.coordinator.decide.Results;
import dev.vantage.coordinator.decide.RoundEvaluation;
import dev.vantage.coordinator.decide.RoundRobinState;
import dev.vantage.coordinator.decide.RoundVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One monitor wired the way the coordinator wires it: rounds through {@link RoundEvaluation}, their
 * verdicts and ticks through {@link IncidentTracker}, the state kept between calls as the store would.
 */
final class Tracked {
    /** How a location answers the probes of a round. */
    enum Target { UP, DOWN, FLAKY, NO_AGENT, SLOW }

    /** How long a {@link Target#SLOW} location takes to connect. */
    static final Duration SLOW_CONNECT = Duration.ofMillis(450);

    static final AlertSubject SUBJECT = new AlertSubject(Results.MONITOR, "shop-db", "db.example.com", 5432);

    final MutableClock clock;
    final List<String> locations;
    AlertPolicy policy;
    MonitorAlertState state = MonitorAlertState.initial();
    RoundRobinState roundRobin = RoundRobinState.initial();
    MonitorCondition condition;
    final List<AlertIntent> sent = new ArrayList<>();
    final List<ProbeResult> history = new ArrayList<>();

    Tracked(MutableClock clock, AlertPolicy policy, List<String> locations) {
        this.clock = clock;
        this.policy = policy;
        this.locations = List.copyOf(locations);
    }

    /** Runs one round where each location answers as {@code targets} says, then moves the clock on by {@code interval}. */
    RoundVerdict round(Map<String, Target> targets, Duration interval) {
        Instant due = clock.instant();
        RoundEvaluation round = RoundEvaluation.begin(policy, locations, due, roundRobin);
        Deque<Probe> todo = new ArrayDeque<>(round.initialProbes());
        while (!todo.isEmpty()) {
            Probe p = todo.poll();
            ProbeResult r = answer(p, targets.getOrDefault(p.location(), Target.UP), clock.instant());
            history.add(r);
            todo.addAll(round.accept(r));
        }
        RoundVerdict verdict = round.verdict();
        roundRobin = round.nextRoundRobinState();
        verdict(verdict);
        clock.advance(interval);
        return verdict;
    }

    void verdict(RoundVerdict v) {
        apply(IncidentTracker.onVerdict(SUBJECT, state, v, policy, clock.instant()));
    }

    void tick() {
        apply(IncidentTracker.onTick(SUBJECT, state, policy, clock.instant()));
    }

    /** The coordinator restarts: the state is reloaded from what the store wrote. */
    void restart() {
        state = AlertStateJson.read(AlertStateJson.write(state));
        roundRobin = RoundRobinState.initial();
    }

    List<AlertKind> kindsSent() {
        return sent.stream().map(AlertIntent::kind).toList();
    }

    private void apply(AlertDecision d) {
        state = d.state();
        sent.addAll(d.alerts());
        condition = d.condition();
    }

    private static ProbeResult answer(Probe p, Target t, Instant at) {
        return switch (t) {
            case UP -> Results.connected(p.location(), p.kind(), at);
            case DOWN -> Results.refused(p.location(), p.kind(), at);
            case FLAKY -> p.kind() == ResultKind.SCHEDULED ? Results.refused(p.location(), p.kind(), at)
                    : Results.connected(p.location(), p.kind(), at);
            case NO_AGENT -> Results.noAgent(p.location(), p.kind(), at);
            case SLOW -> Results.connectedAfter(p.location(), p.kind(), at, SLOW_CONNECT);
        };
    }
}
