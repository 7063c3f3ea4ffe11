package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which results to read.
 *
 * @param location empty: every location
 * @param since    empty: no lower bound on the start time; else results that started at or after it
 * @param limit    most results to return, at least 1
 */
public record ResultQuery(long monitorId, Optional<String> location, Optional<Instant> since, int limit) {
    public ResultQuery {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /** The newest results of a monitor from every location. */
    public static ResultQuery newest(long monitorId, int limit) {
        return new ResultQuery(monitorId, Optional.empty(), Optional.empty(), limit);
    }

    public ResultQuery from(String newLocation) {
        return new ResultQuery(monitorId, Optional.of(newLocation), since, limit);
    }

    public ResultQuery since(Instant newSince) {
        return new ResultQuery(monitorId, location, Optional.of(newSince), limit);
    }
}
