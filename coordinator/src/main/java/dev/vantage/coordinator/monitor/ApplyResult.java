package dev.vantage.coordinator.monitor;

import java.util.List;

/** The outcome of each entry, then of each monitor prune deletes; {@code applied} false when nothing changed. */
public record ApplyResult(List<ApplyOutcome> outcomes, boolean applied) {
    public ApplyResult {
        outcomes = List.copyOf(outcomes);
    }
}
