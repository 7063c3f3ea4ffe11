package dev.vantage.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vantage.agent.probe.Prober;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobRunnerTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** A prober whose probes finish when the test says so; tracks the most it ever had running. */
    static final class HandCrankedProber implements Prober {
        final Map<String, CompletableFuture<ProbeOutcome>> running = new ConcurrentHashMap<>();
        final AtomicInteger peak = new AtomicInteger();
        final List<String> started = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "hand-cranked";
        }

        @Override
        public CompletableFuture<ProbeOutcome> probe(ProbeTarget target) {
            CompletableFuture<ProbeOutcome> f = new CompletableFuture<>();
            running.put(target.host(), f);
            started.add(target.host());
            peak.accumulateAndGet(running.size(), Math::max);
            return f;
        }

        void finish(String host) {
            running.remove(host).complete(ProbeOutcome.connected(1_000, host + ":80", T0));
        }

        @Override
        public void close() {
        }
    }

    private static Job job(long id) {
        return new Job(id, 100 + id, new ProbeTarget("h" + id, 80, Duration.ofSeconds(1)));
    }

    @Test
    void runsAtMostMaxRunningAndStartsWaitingJobsAsSlotsFree() {
        HandCrankedProber prober = new HandCrankedProber();
        List<JobResult> results = new CopyOnWriteArrayList<>();
        try (JobRunner runner = new JobRunner(prober, 2, 10, results::add)) {
            for (long id = 1; id <= 5; id++) {
                runner.submit(job(id));
            }

            assertThat(prober.started).containsExactly("h1", "h2");
            assertThat(runner.running()).isEqualTo(2);
            assertThat(runner.queued()).isEqualTo(3);
            assertThat(runner.inFlight()).isEqualTo(5);

            prober.finish("h2");
            assertThat(prober.started).containsExactly("h1", "h2", "h3");
            prober.finish("h1");
            prober.finish("h3");
            prober.finish("h4");
            prober.finish("h5");

            assertThat(prober.peak.get()).isEqualTo(2);
            assertThat(results).extracting(JobResult::jobId).containsExactly(2L, 1L, 3L, 4L, 5L);
            assertThat(results.get(0).monitorId()).isEqualTo(102);
            assertThat(results.get(0).outcome().address()).isEqualTo("h2:80");
            assertThat(runner.inFlight()).isZero();
        }
    }

    @Test
    void cancelledJobsNeverStartAndGetNoResult() {
        HandCrankedProber prober = new HandCrankedProber();
        List<JobResult> results = new CopyOnWriteArrayList<>();
        try (JobRunner runner = new JobRunner(prober, 1, 10, results::add)) {
            runner.submit(job(1));
            runner.submit(job(2));
            runner.submit(job(3));

            List<Long> cancelled = runner.cancel(List.of(1L, 2L, 99L));

            // job 1 is already running: only job 2 could be cancelled
            assertThat(cancelled).containsExactly(2L);
            prober.finish("h1");
            prober.finish("h3");
            assertThat(prober.started).containsExactly("h1", "h3");
            assertThat(results).extracting(JobResult::jobId).containsExactly(1L, 3L);
        }
    }

    @Test
    void aJobBeyondTheQueueIsReportedOverloadedAtOnce() {
        HandCrankedProber prober = new HandCrankedProber();
        List<JobResult> results = new CopyOnWriteArrayList<>();
        try (JobRunner runner = new JobRunner(prober, 1, 1, results::add)) {
            runner.submit(job(1));
            runner.submit(job(2));

            runner.submit(job(3));

            assertThat(results).hasSize(1);
            assertThat(results.get(0).jobId()).isEqualTo(3);
            assertThat(results.get(0).outcome().reason()).isEqualTo(FailureReason.OTHER);
            assertThat(results.get(0).outcome().message()).contains("overloaded");
            assertThat(runner.inFlight()).isEqualTo(2);
        }
    }

    @Test
    void probesThatCompleteAtOnceDrainTheQueueWithoutDeepRecursion() {
        Prober instant = new Prober() {
            @Override
            public String name() {
                return "instant";
            }

            @Override
            public CompletableFuture<ProbeOutcome> probe(ProbeTarget target) {
                return CompletableFuture.completedFuture(ProbeOutcome.failed(FailureReason.REFUSED, "x:1", T0, "connection refused"));
            }

            @Override
            public void close() {
            }
        };
        AtomicInteger count = new AtomicInteger();
        JobRunner[] self = new JobRunner[1];
        // each result submits the next job, 100k times, all on one thread
        try (JobRunner runner = new JobRunner(instant, 1, 1, r -> {
            if (count.incrementAndGet() < 100_000) {
                self[0].submit(job(count.get()));
            }
        })) {
            self[0] = runner;
            runner.submit(job(0));

            assertThat(count.get()).isEqualTo(100_000);
            assertThat(runner.inFlight()).isZero();
        }
    }
}
