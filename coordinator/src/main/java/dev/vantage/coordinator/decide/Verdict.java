package dev.vantage.coordinator.decide;

/** What one round of a monitor found. */
public enum Verdict {
    /** Every location that answered connected (possibly after its local retry). */
    OK,
    /** Something failed but the mode does not count it: verification connected, not the home location, below the SLA, a lone round-robin failure. */
    WARNING,
    /** A failure the mode counts. */
    ERROR,
    /** No location had an agent: nothing is known about the target. */
    UNKNOWN
}
