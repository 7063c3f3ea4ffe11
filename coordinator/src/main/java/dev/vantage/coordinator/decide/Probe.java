package dev.vantage.coordinator.decide;

import dev.vantage.common.model.ResultKind;
import java.util.Objects;

/**
 * A probe a round asks the coordinator to run now: one job of {@code kind} from {@code location}
 * for the round's monitor, its result fed back with {@link RoundEvaluation#accept}.
 *
 * @param kind {@link ResultKind#SCHEDULED} for the round's own probes, {@link ResultKind#RETRY} for
 *             the local retry, {@link ResultKind#VERIFY} for a re-test from another location
 */
public record Probe(String location, ResultKind kind) {
    public Probe {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(kind, "kind");
    }
}
