package dev.vantage.agent.probe;

import dev.vantage.common.model.ProbeOutcome;
import dev.vantage.common.model.ProbeTarget;
import java.util.concurrent.CompletableFuture;

/**
 * Knows how to probe one kind of target: job in, outcome out.
 *
 * <p>Implementations never throw from {@link #probe} and never fail the future: every failure,
 * including the prober's own overload, is a {@link ProbeOutcome} saying why.
 */
public interface Prober extends AutoCloseable {

    /** Short name for logs and benchmark output, e.g. {@code tcp/epoll}. */
    String name();

    /** Starts one probe; the future completes with what it found. */
    CompletableFuture<ProbeOutcome> probe(ProbeTarget target);

    /** Stops the prober; probes still running complete with a failure. */
    @Override
    void close();
}
