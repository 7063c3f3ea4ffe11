package dev.vantage.coordinator.store;

import java.util.Objects;

/**
 * The connect times of one location's connected results in a period, as far as percentiles need them:
 * every value when the period was read from results, a {@link ConnectHistogram} when hourly rollups
 * were read.
 */
public sealed interface ConnectTimes permits ConnectTimes.Exact, ConnectHistogram {

    /** How many connect times. */
    long count();

    /**
     * The nearest-rank {@code p}-th percentile in nanoseconds: the value at position ceil(p/100 × n),
     * counted from 1, of the ascending values. Only when {@link #count()} is not 0.
     */
    long percentile(int p);

    /** Every value, ascending. */
    record Exact(long[] ascendingNanos) implements ConnectTimes {
        public Exact {
            Objects.requireNonNull(ascendingNanos, "ascendingNanos");
        }

        @Override
        public long count() {
            return ascendingNanos.length;
        }

        @Override
        public long percentile(int p) {
            return ascendingNanos[(int) rank(p, ascendingNanos.length) - 1];
        }
    }

    /** Position (from 1) of the nearest-rank {@code p}-th percentile among {@code n} values. */
    static long rank(int p, long n) {
        // Integer arithmetic: 0.95 * 100 is 95.00000000000001 in doubles, one rank too high.
        return Math.max(((long) p * n + 99) / 100, 1);
    }
}
