package dev.vantage.coordinator.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The rounds of one monitor-hour in a few bytes, exactly: rounds come at a fixed interval, so they are
 * kept as runs of (first due time, step, count, verdict); an hour of regular rounds is one run of about
 * eight bytes, and each gap or change of verdict starts another. Due times are relative to the hour
 * (a round due just before the hour may have started in it, hence signed).
 *
 * <p>A round is packed in a long as (due time in epoch milliseconds × 2 + 1 if it had a verdict), so
 * rounds sort by due time in a plain {@code long[]}.
 */
final class RoundRuns {
    private RoundRuns() {
    }

    static long pack(long dueAtMillis, boolean verdict) {
        return dueAtMillis << 1 | (verdict ? 1 : 0);
    }

    static long dueAt(long packed) {
        return packed >> 1;
    }

    static boolean verdict(long packed) {
        return (packed & 1) != 0;
    }

    /** @param rounds packed rounds, ascending, each due time once */
    static byte[] encode(long hourAtMillis, long[] rounds, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < length) {
            long first = dueAt(rounds[i]);
            boolean verdict = verdict(rounds[i]);
            long step = 0;
            int count = 1;
            if (i + 1 < length && verdict(rounds[i + 1]) == verdict) {
                step = dueAt(rounds[i + 1]) - first;
                count = 2;
                while (i + count < length && verdict(rounds[i + count]) == verdict
                        && dueAt(rounds[i + count]) - dueAt(rounds[i + count - 1]) == step) {
                    count++;
                }
            }
            Varints.writeSigned(out, first - hourAtMillis);
            Varints.write(out, step);
            Varints.write(out, count);
            out.write(verdict ? 1 : 0);
            i += count;
        }
        return out.toByteArray();
    }

    /** Appends the packed rounds of {@code blob} to {@code into}. */
    static void decode(long hourAtMillis, byte[] blob, LongList into) {
        ByteBuffer in = ByteBuffer.wrap(blob);
        while (in.hasRemaining()) {
            long first = hourAtMillis + Varints.readSigned(in);
            long step = Varints.read(in);
            long count = Varints.read(in);
            boolean verdict = in.get() != 0;
            for (long k = 0; k < count; k++) {
                into.add(pack(first + k * step, verdict));
            }
        }
    }
}
