package dev.vantage.coordinator.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** LEB128 variable-length integers: the rollup blobs are mostly small numbers, one or two bytes each. */
final class Varints {
    private Varints() {
    }

    static void write(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long read(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits");
    }

    /** Zigzag: small negative numbers stay short. */
    static void writeSigned(ByteArrayOutputStream out, long value) {
        write(out, (value << 1) ^ (value >> 63));
    }

    static long readSigned(ByteBuffer in) {
        long v = read(in);
        return (v >>> 1) ^ -(v & 1);
    }
}
