package dev.vantage.coordinator.dispatch;

import dev.vantage.common.model.Monitor;
import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.model.ResultKind;
import dev.vantage.coordinator.schedule.DueRound;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Turns due rounds and on-demand tests into one job per location of the monitor. */
public final class JobFactory {
    /** A scheduled job waits for agent credit at most this long (or half its interval, if shorter). */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final Dispatcher dispatcher;
    private final Consumer<ProbeResult> recorder;

    /** @param recorder receives every result (it stores them) */
    public JobFactory(Dispatcher dispatcher, Consumer<ProbeResult> recorder) {
        this.dispatcher = dispatcher;
        this.recorder = recorder;
    }

    public List<Job> forRounds(List<DueRound> rounds) {
        List<Job> jobs = new ArrayList<>(rounds.size() * 3);
        for (DueRound round : rounds) {
            Monitor m = round.monitor();
            Duration wait = m.spec().interval().dividedBy(2).compareTo(MAX_WAIT) < 0 ? m.spec().interval().dividedBy(2) : MAX_WAIT;
            long staleAt = round.dueAt().plus(wait).toEpochMilli();
            for (String location : m.spec().locations()) {
                jobs.add(new Job(dispatcher.newJobId(), m.id(), location, m.spec().target(), ResultKind.SCHEDULED,
                        round.dueAt(), staleAt, recorder));
            }
        }
        return jobs;
    }

    /** Jobs to probe a monitor now from each of its locations; each result also goes to {@code watcher}. */
    public List<Job> onDemand(Monitor m, Instant now, Consumer<ProbeResult> watcher) {
        long staleAt = now.plus(m.spec().timeout()).toEpochMilli();
        Consumer<ProbeResult> both = recorder.andThen(watcher);
        List<Job> jobs = new ArrayList<>();
        for (String location : m.spec().locations()) {
            jobs.add(new Job(dispatcher.newJobId(), m.id(), location, m.spec().target(), ResultKind.ON_DEMAND, now, staleAt, both));
        }
        return jobs;
    }
}
