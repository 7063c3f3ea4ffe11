package dev.vantage.coordinator.store;

import dev.vantage.common.model.ProbeResult;
import dev.vantage.common.text.Redaction;
import dev.vantage.common.time.Backoff;
import dev.vantage.common.time.CauseLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches probe results into store transactions. Any number of threads {@link #submit}; one
 * writer thread stores what they submitted, in order, in batches of up to
 * {@link Settings#batchSize()} results, waiting at most {@link Settings#maxDelay()} for a batch
 * to fill.
 *
 * <p>Nothing is dropped: when the queue is full, {@code submit} blocks until the writer has made
 * room, so a slow or failing database slows the agents down (through gRPC flow control; they keep
 * their results, which are acknowledged only once stored, see {@link #whenStored}) instead of
 * losing results or buffering without bound. A failed batch was rolled back by the store; it is
 * retried whole, on a fresh transaction, with {@link Backoff} until it succeeds or {@link #close()}
 * gives up after {@link Settings#closeTimeout()}, which it logs as an error with the number of
 * results not stored. A failing store is logged once per cause per minute with the count of failed
 * attempts, and once more when writes work again.
 */
public final class ResultWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);
    private static final Object CLOSE = new Object();

    /**
     * @param capacity        results that may wait in the queue before {@code submit} blocks
     * @param batchSize       most results in one transaction
     * @param maxDelay        longest a result waits for its batch to fill
     * @param firstRetryDelay wait after the first failed write; doubles after each further failure
     * @param maxRetryDelay   longest wait between two attempts
     * @param closeTimeout    how long {@link #close()} waits for the queue to drain
     */
    public record Settings(int capacity, int batchSize, Duration maxDelay, Duration firstRetryDelay, Duration maxRetryDelay,
            Duration closeTimeout) {
        public Settings {
            if (capacity < 1 || batchSize < 1) {
                throw new IllegalArgumentException("capacity and batch size must be at least 1, got " + capacity + " and " + batchSize);
            }
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(firstRetryDelay, "firstRetryDelay");
            Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
        }

        /**
         * 100,000 queued, batches of up to 50,000, 50 ms; retries from 100 ms up to 5 s; 30 s to drain at close.
         * A batch takes what has queued while the previous one was written, so batches stay small under light
         * load and grow when results arrive faster: results land on random index pages, and the more of them
         * share one transaction, the fewer pages each costs the WAL.
         */
        public static Settings defaults() {
            return new Settings(100_000, 50_000, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
        }

        public Settings withCapacity(int newCapacity, int newBatchSize) {
            return new Settings(newCapacity, newBatchSize, maxDelay, firstRetryDelay, maxRetryDelay, closeTimeout);
        }

        public Settings withRetryDelays(Duration first, Duration max) {
            return new Settings(capacity, batchSize, maxDelay, first, max, closeTimeout);
        }
    }

    /** Queued behind results; completed once everything before it is stored. */
    private record Flush(CompletableFuture<Void> done) {
    }

    private final Store store;
    private final Settings settings;
    private final BlockingQueue<Object> queue;
    private final Thread writer;
    /** Submitters hold the read side, close takes the write side: nothing is queued after the close marker. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    private volatile Throwable died;

    private final AtomicLong stored = new AtomicLong();
    /** Results in the queue (it also holds flush markers). */
    private final AtomicInteger queuedResults = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    /** From a failed write until the next one that succeeds; null while writes work. */
    private volatile Failure failure;

    /** The store has failed since {@code since}; {@code problem} is the last error. */
    public record Failure(Instant since, String problem) {
    }
    private final LongConsumer batchNanos;
    /** Writer thread only. */
    private final CauseLog failureLog = CauseLog.perMinute();

    public ResultWriter(Store store, Settings settings) {
        this(store, settings, nanos -> { });
    }

    /** @param batchNanos told how long each stored batch took to write (for the store-write histogram) */
    public ResultWriter(Store store, Settings settings, LongConsumer batchNanos) {
        this.batchNanos = Objects.requireNonNull(batchNanos, "batchNanos");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.writer = new Thread(this::run, "vantage-result-writer");
    }

    /** Starts the writer thread. */
    public ResultWriter start() {
        writer.start();
        return this;
    }

    /**
     * Queues a result for storing; blocks while the queue is full.
     *
     * @throws IllegalStateException when the writer is closed or its thread died
     * @throws InterruptedException  when interrupted while waiting for room; the result was not queued
     */
    public void submit(ProbeResult result) throws InterruptedException {
        enqueue(Objects.requireNonNull(result, "result"));
    }

    /** Waits until every result submitted before this call is stored (or skipped because its monitor is gone). */
    public void flush() throws InterruptedException {
        try {
            whenStored().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the result writer stopped before the flush completed", e.getCause());
        }
    }

    /**
     * Completes once every result submitted before this call is committed to the store (or skipped
     * because its monitor is gone or it is stored already), or at once after {@link #close()}, which
     * stores what is queued; completes exceptionally when the writer thread dies or is interrupted
     * first. Blocks while the queue is full, like {@link #submit}.
     */
    public CompletableFuture<Void> whenStored() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lifecycle.readLock().lock();
        try {
            if (closed) {
                done.complete(null); // close() already drained everything
                return done;
            }
            checkAlive();
            queue.put(new Flush(done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
        } finally {
            lifecycle.readLock().unlock();
        }
        return done;
    }

    /** Results stored so far. */
    public long stored() {
        return stored.get();
    }

    /** Results not stored because their monitor was deleted. */
    public long skipped() {
        return skipped.get();
    }

    /** Transactions committed so far. */
    public long batchesWritten() {
        return batches.get();
    }

    /** Whether the last write to the store failed (and is being retried). */
    public boolean failing() {
        return failure != null;
    }

    /** Since when and how the store fails; empty while writes work. */
    public Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Writes that failed and were retried. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Results waiting in the queue. */
    public int queued() {
        return queuedResults.get();
    }

    /** Stops taking results, stores everything queued, and stops the writer thread. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lifecycle.writeLock().unlock();
        }
        if (writer.getState() == Thread.State.NEW) {
            writer.start();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        try {
            if (writer.isAlive() && queue.offer(CLOSE, settings.closeTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                writer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (writer.isAlive()) {
            writer.interrupt(); // it gives up and logs what it could not store
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Object item) throws InterruptedException {
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the result writer is closed; results can no longer be submitted");
            }
            checkAlive();
            boolean result = item instanceof ProbeResult;
            if (result) {
                queuedResults.incrementAndGet(); // before the writer can take it
            }
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                if (result) {
                    queuedResults.decrementAndGet();
                }
                throw e;
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkAlive() {
        if (died != null) {
            throw new IllegalStateException("the result writer thread died: " + died, died);
        }
    }

    private void run() {
        List<ProbeResult> batch = new ArrayList<>(settings.batchSize());
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        try {
            boolean closing = false;
            while (!closing) {
                Object item = queue.take();
                long deadline = System.nanoTime() + settings.maxDelay().toNanos();
                while (true) {
                    if (item instanceof ProbeResult result) {
                        batch.add(result);
                        queuedResults.decrementAndGet();
                    } else if (item instanceof Flush flush) {
                        // Completed once this batch is stored; it does not end the batch: agents' acknowledgements ask for
                        // one marker per result batch, and ending transactions there would cost the writer its big batches.
                        flushes.add(flush.done());
                    } else if (item == CLOSE) {
                        closing = true;
                        break;
                    }
                    if (batch.size() >= settings.batchSize()) {
                        break;
                    }
                    item = queue.poll();
                    if (item == null) {
                        long left = deadline - System.nanoTime();
                        item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                        if (item == null) {
                            break;
                        }
                    }
                }
                writeUntilStored(batch);
                batch.clear();
                flushes.forEach(done -> done.complete(null));
                flushes.clear();
            }
        } catch (InterruptedException e) {
            int lost = batch.size() + (int) queue.stream().filter(ProbeResult.class::isInstance).count();
            log.error("result writer stopped by close() after {} with {} results not stored (stored {}, batches {})",
                    settings.closeTimeout(), lost, stored.get(), batches.get());
            fail(flushes, e);
        } catch (Throwable t) {
            log.error("result writer thread died; results submitted from now on are refused", t);
            died = t;
            fail(flushes, t);
        }
    }

    private void fail(List<CompletableFuture<Void>> flushes, Throwable cause) {
        flushes.forEach(done -> done.completeExceptionally(cause));
        for (Object item : queue) {
            if (item instanceof Flush flush) {
                flush.done().completeExceptionally(cause);
            }
        }
    }

    private void writeUntilStored(List<ProbeResult> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        Backoff backoff = Backoff.of(settings.firstRetryDelay(), settings.maxRetryDelay());
        for (int attempt = 1; ; attempt++) {
            try {
                long start = System.nanoTime();
                int count = store.insertResults(batch);
                batchNanos.accept(System.nanoTime() - start);
                stored.addAndGet(count);
                skipped.addAndGet(batch.size() - count);
                batches.incrementAndGet();
                Failure was = failure;
                if (was != null) {
                    failure = null;
                    failureLog.clear();
                    log.info("store writes work again after failing since {} ({} attempts on this batch); stored the held batch of {} "
                            + "results ({}), queued={}", was.since(), attempt, batch.size(), ids(batch), queuedResults.get());
                }
                return;
            } catch (SupersededException e) {
                // Another coordinator is active: these results can never be stored by this one (it is stepping
                // down); retrying would only hold up its exit.
                log.warn("not storing {} results ({}): {}", batch.size(), ids(batch), e.getMessage());
                return;
            } catch (RuntimeException e) {
                failedAttempts.incrementAndGet();
                String problem = Redaction.url(e.getMessage() == null ? e.toString() : e.getMessage());
                Failure was = failure;
                Failure now = new Failure(was == null ? Instant.now() : was.since(), problem);
                failure = now;
                Duration wait = backoff.after(attempt);
                int tries = attempt;
                failureLog.failed(cause(e), (cause, count) -> log.warn("store write failing since {}: {} (failed attempts in the last "
                        + "minute: {}; this batch: {} results, attempt {}, next in {} ms; queued={}; agents keep what is not acknowledged)",
                        now.since(), cause, count, batch.size(), tries, wait.toMillis(), queuedResults.get()));
                TimeUnit.NANOSECONDS.sleep(wait.toNanos());
            }
        }
    }

    /** What tells one failure apart from another, for the log: the database's own message, without the batch size. */
    private static String cause(RuntimeException e) {
        Throwable root = e.getCause() != null ? e.getCause() : e;
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return Redaction.url(m.length() > 300 ? m.substring(0, 300) + "..." : m);
    }

    /** The first and last job, and the monitors (at most ten), so a failure can be traced. */
    private static String ids(List<ProbeResult> batch) {
        List<Long> monitors = batch.stream().map(ProbeResult::monitorId).distinct().limit(11).toList();
        String monitorText = monitors.size() > 10 ? monitors.subList(0, 10) + "..." : monitors.toString();
        return "jobs " + batch.get(0).jobId() + ".." + batch.get(batch.size() - 1).jobId() + ", monitors " + monitorText;
    }
}
