package dev.vantage.agent.run;

import dev.vantage.agent.probe.Prober;
import dev.vantage.common.model.FailureReason;
import dev.vantage.common.model.ProbeOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs through a {@link Prober} and hands every result to a {@link ResultSink}: the one path
 * from job in to result out, used by the coordinator link and by the benchmark alike.
 *
 * <p>At most {@code maxRunning} jobs probe at once; up to {@code maxQueued} more wait, in
 * arrival order, and may still be cancelled. A job that finds the queue full is not dropped:
 * it gets an immediate {@link FailureReason#OTHER} result saying the agent is overloaded, so
 * every submitted job gets exactly one result unless it is cancelled first. Cancelled jobs get
 * no result. Nothing here grows without bound.
 */
public final class JobRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Prober prober;
    private final ResultSink sink;
    private final Clock clock;
    private final int maxRunning;
    private final int maxQueued;
    private final LinkedHashMap<Long, Job> queued = new LinkedHashMap<>();
    private int running;
    private boolean closed;

    /**
     * @param maxRunning most jobs probing at once; keep it within the prober's own bound
     * @param maxQueued  most jobs waiting for a free slot (0: none wait, a job beyond
     *                   {@code maxRunning} is reported overloaded at once)
     */
    public JobRunner(Prober prober, int maxRunning, int maxQueued, ResultSink sink, Clock clock) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning: must be at least 1, got " + maxRunning);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued: must not be negative, got " + maxQueued);
        }
        this.prober = prober;
        this.sink = sink;
        this.clock = clock;
        this.maxRunning = maxRunning;
        this.maxQueued = maxQueued;
    }

    public JobRunner(Prober prober, int maxRunning, int maxQueued, ResultSink sink) {
        this(prober, maxRunning, maxQueued, sink, Clock.systemUTC());
    }

    /** Starts the job now if a slot is free, queues it otherwise, or reports it overloaded when the queue is full too. */
    public void submit(Job job) {
        String refusal;
        synchronized (this) {
            if (closed) {
                refusal = "agent shutting down";
            } else if (running < maxRunning) {
                running++;
                refusal = null;
            } else if (queued.containsKey(job.jobId())) {
                refusal = "job id " + job.jobId() + " is already waiting";
            } else if (queued.size() < maxQueued) {
                queued.put(job.jobId(), job);
                return;
            } else {
                refusal = "agent overloaded: " + maxRunning + " jobs running and " + maxQueued + " waiting";
            }
        }
        if (refusal == null) {
            run(job);
        } else {
            deliver(job, ProbeOutcome.failed(FailureReason.OTHER, "", clock.instant(), refusal));
        }
    }

    /**
     * Forgets the given jobs if they have not started; running jobs go on and report as usual.
     *
     * @return the ids of the jobs cancelled
     */
    public synchronized List<Long> cancel(Collection<Long> jobIds) {
        List<Long> cancelled = new ArrayList<>();
        for (Long id : jobIds) {
            if (queued.remove(id) != null) {
                cancelled.add(id);
            }
        }
        return cancelled;
    }

    /** Forgets every job that has not started. @return the ids of the jobs cancelled */
    public synchronized List<Long> cancelAll() {
        List<Long> cancelled = new ArrayList<>(queued.keySet());
        queued.clear();
        return cancelled;
    }

    /** Jobs running or waiting right now. */
    public synchronized int inFlight() {
        return running + queued.size();
    }

    public synchronized int running() {
        return running;
    }

    public synchronized int queued() {
        return queued.size();
    }

    /** Starts a job and, each time one finishes on this thread already, the next one waiting (no recursion). */
    private void run(Job first) {
        Job job = first;
        while (job != null) {
            CompletableFuture<ProbeOutcome> f;
            try {
                f = prober.probe(job.target());
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(ProbeOutcome.failed(FailureReason.OTHER, "", clock.instant(), "probe failed: " + e));
            }
            ProbeOutcome done = f.getNow(null);
            if (done == null) {
                Job started = job;
                f.whenComplete((outcome, error) -> run(finish(started, outcome, error)));
                return;
            }
            job = finish(job, done, null);
        }
    }

    /** Delivers the result, then takes the next waiting job into the freed slot (or frees it). */
    private Job finish(Job job, ProbeOutcome outcome, Throwable error) {
        deliver(job, outcome != null ? outcome
                : ProbeOutcome.failed(FailureReason.OTHER, "", clock.instant(), "probe failed: " + error));
        synchronized (this) {
            if (!closed && !queued.isEmpty()) {
                Iterator<Job> it = queued.values().iterator();
                Job next = it.next();
                it.remove();
                return next;
            }
            running--;
            return null;
        }
    }

    private void deliver(Job job, ProbeOutcome outcome) {
        try {
            sink.accept(new JobResult(job.jobId(), job.monitorId(), outcome));
        } catch (RuntimeException e) {
            log.error("result sink failed for job {} of monitor {}", job.jobId(), job.monitorId(), e);
        }
    }

    /** Drops waiting jobs and takes no more; running jobs still report. Does not close the prober. */
    @Override
    public synchronized void close() {
        closed = true;
        queued.clear();
    }
}
