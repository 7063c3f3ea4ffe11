package dev.vantage.coordinator.store;

import java.util.Arrays;

/** A growable {@code long[]}: a month of rounds or connect times without a boxed Long each. */
final class LongList {
    private long[] values = new long[64];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    /** The value added last; the list is not empty. */
    long last() {
        return values[size - 1];
    }

    void setLast(long value) {
        values[size - 1] = value;
    }

    int size() {
        return size;
    }

    /** Sorts in place and returns the backing array (valid up to {@link #size()}). */
    long[] sorted() {
        Arrays.sort(values, 0, size);
        return values;
    }

    long[] toSortedArray() {
        long[] copy = Arrays.copyOf(values, size);
        Arrays.sort(copy);
        return copy;
    }
}
