package dev.vantage.agent.run;

/**
 * Where the runner delivers results. Called on a prober thread (an event loop), once per job,
 * so it must be quick and must not block: hand the result on and return.
 */
@FunctionalInterface
public interface ResultSink {
    void accept(JobResult result);
}
