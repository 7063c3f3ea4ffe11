package dev.vantage.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * How many scheduled results of one monitor and location that started in one hour had one status code.
 *
 * @param hour the start of the hour (UTC)
 */
public record HourlyCount(long monitorId, String location, Instant hour, int statusCode, long count) {
    public HourlyCount {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(hour, "hour");
    }
}
