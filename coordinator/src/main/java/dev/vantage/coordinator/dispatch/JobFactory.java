package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Makes the jobs of rounds and of on-demand tests; every result is vetted (a DEGRADED location's
 * becomes "location unhealthy"), recorded, then handed on.
 */
public final class JobFactory {
    /** A scheduled job waits for agent credit at most this long (or half its interval, if shorter). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final Dispatcher dispatcher;
    private final Consumer<ProbeResult> recorder;
    private final BiConsumer<Monitor, ProbeResult> observer;
    private final UnaryOperator<ProbeResult> vet;

    /** @param recorder receives every result (it stores them) */
    public JobFactory(Dispatcher dispatcher, Consumer<ProbeResult> recorder) {
        this(dispatcher, recorder, (m, r) -> { }, UnaryOperator.identity());
    }

    /**
     * @param observer also told of every result, with its monitor (metrics), before it is recorded
     * @param vet      what a result stands for once its location's health is known, before anyone sees it
     */
    public JobFactory(Dispatcher dispatcher, Consumer<ProbeResult> recorder, BiConsumer<Monitor, ProbeResult> observer,
                      UnaryOperator<ProbeResult> vet) {
        this.dispatcher = dispatcher;
        this.recorder = recorder;
        this.observer = observer;
        this.vet = vet;
    }

    /** Vets, tells the observer, records, then hands the result to {@code then}. */
    private Consumer<ProbeResult> recording(Monitor m, Consumer<ProbeResult> then) {
        Consumer<ProbeResult> seen = ((Consumer<ProbeResult>) r -> observer.accept(m, r)).andThen(recorder).andThen(then);
        return r -> seen.accept(vet.apply(r));
    }

    /**
     * One job of a round: a SCHEDULED probe due at the round's time, or a RETRY/VERIFY asked for at
     * {@code now}; either waits for agent credit at most half the interval (at most 30 s) from then.
     */
    public Job forRound(Monitor m, String location, ResultKind kind, Instant dueAt, Consumer<ProbeResult> onResult) {
        Duration half = m.spec().interval().dividedBy(2);
        Duration wait = half.compareTo(MAX_WAIT) < 0 ? half : MAX_WAIT;
        return new Job(dispatcher.newJobId(), m.id(), location, m.spec().target(), kind, dueAt,
                dueAt.plus(wait).toEpochMilli(), recording(m, onResult));
    }

    /** Jobs to probe a monitor now from each of its locations; each result also goes to {@code watcher}. */
    public List<Job> onDemand(Monitor m, Instant now, Consumer<ProbeResult> watcher) {
        long staleAt = now.plus(m.spec().timeout()).toEpochMilli();
        Consumer<ProbeResult> both = recording(m, watcher);
        List<Job> jobs = new ArrayList<>();
        for (String location : m.spec().locations()) {
            jobs.add(new Job(dispatcher.newJobId(), m.id(), location, m.spec().target(), ResultKind.ON_DEMAND, now, staleAt, both));
        }
        return jobs;
    }
}
