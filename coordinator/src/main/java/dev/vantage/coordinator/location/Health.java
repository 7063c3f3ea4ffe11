package dev.vantage.coordinator.location;

/** What a location's canaries say about it. */
public enum Health {
    /** The location has no canaries: it is never judged. */
    UNCHECKED,
    /** Its canaries connect (or have not failed long enough yet). */
    HEALTHY,
    /** Its canaries fail: its probes say nothing about targets and are left out of every decision. */
    DEGRADED
}
