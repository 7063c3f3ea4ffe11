package dev.vantage.agent.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How many results the agent keeps until the coordinator acknowledges them as stored, and where it
 * spills them so that an agent restart keeps them too.
 *
 * @param capacity results held at most ({@code --result-buffer}); past it the oldest is dropped and counted
 * @param spillDir {@code --spill-dir}: a directory of this agent's own; empty: held in memory only
 */
public record ResultBuffering(int capacity, Optional<Path> spillDir) {
    public static final int DEFAULT_CAPACITY = 100_000;

    public ResultBuffering {
        Objects.requireNonNull(spillDir, "spillDir");
        if (capacity < 1) {
            throw new IllegalArgumentException("--result-buffer: must be at least 1, got " + capacity);
        }
    }

    /** {@value #DEFAULT_CAPACITY} results, in memory. */
    public static ResultBuffering defaults() {
        return new ResultBuffering(DEFAULT_CAPACITY, Optional.empty());
    }
}
