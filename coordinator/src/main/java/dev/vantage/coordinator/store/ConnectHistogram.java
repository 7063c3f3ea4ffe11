package dev.vantage.coordinator.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Connect times counted in fixed logarithmic buckets: what an hourly rollup keeps of them. Bucket i
 * holds the values in (γ^(i−1), γ^i] nanoseconds with γ = 1.02 (bucket 0: 1 ns and below); a percentile
 * is answered with its bucket's midpoint 2γ^i/(γ+1), which is within {@link #RELATIVE_ERROR} (0.99 %)
 * of the true nearest-rank value, plus at most 1 ns of rounding. The buckets are the same for every
 * histogram, so histograms of any hours add up exactly; 1 µs to 100 s takes 930 buckets, and a
 * typical hour of one location fills a few dozen (a few bytes each in the blob).
 *
 * <p>Not thread-safe: built by one reader, then only read.
 */
public final class ConnectHistogram implements ConnectTimes {
    private static final double GAMMA = 1.02;
    private static final double LOG_GAMMA = StrictMath.log(GAMMA);
    /** Largest relative distance between a reported percentile and the true one. */
    public static final double RELATIVE_ERROR = (GAMMA - 1) / (GAMMA + 1);

    private long[] counts = new long[0];
    private long total;

    /** Counts one connect time. */
    public void add(long nanos) {
        addToBucket(bucket(nanos), 1);
    }

    /** Adds every count of {@code other}. */
    public void addAll(ConnectHistogram other) {
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                addToBucket(i, other.counts[i]);
            }
        }
    }

    @Override
    public long count() {
        return total;
    }

    @Override
    public long percentile(int p) {
        long rank = ConnectTimes.rank(p, total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return midpoint(i);
            }
        }
        throw new IllegalStateException("percentile of an empty histogram");
    }

    /** Blob form: (gap to the previous non-empty bucket, count) pairs, as varints. */
    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int previous = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                Varints.write(out, i - previous);
                Varints.write(out, counts[i]);
                previous = i;
            }
        }
        return out.toByteArray();
    }

    static ConnectHistogram decode(byte[] blob) {
        ConnectHistogram h = new ConnectHistogram();
        ByteBuffer in = ByteBuffer.wrap(blob);
        int bucket = -1;
        while (in.hasRemaining()) {
            bucket += (int) Varints.read(in);
            h.addToBucket(bucket, Varints.read(in));
        }
        return h;
    }

    static int bucket(long nanos) {
        // StrictMath: bucket numbers are stored, so every JVM must compute the same ones.
        return nanos <= 1 ? 0 : (int) Math.ceil(StrictMath.log(nanos) / LOG_GAMMA);
    }

    static long midpoint(int bucket) {
        return bucket == 0 ? 1 : Math.round(2 * StrictMath.pow(GAMMA, bucket) / (GAMMA + 1));
    }

    void addToBucket(int bucket, long n) {
        if (bucket >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(bucket + 1, counts.length * 2));
        }
        counts[bucket] += n;
        total += n;
    }

    @Override
    public String toString() {
        return "ConnectHistogram[count=" + total + "]";
    }
}
