package org.poisonscan.io.parquet;

import java.nio.ByteBuffer;

/**
 * Bulk decoder of Parquet's RLE / bit-packing hybrid encoding of repetition and definition levels, straight into an
 * {@code int[]}: one pass over the runs instead of one call per value. Runs are a ULEB128 header; an even header is
 * an RLE run of {@code header >>> 1} copies of a value stored in {@code ceil(bitWidth / 8)} little-endian bytes, an
 * odd header is {@code header >>> 1} groups of eight values bit-packed least significant bit first.
 */
final class RleLevels {
    private RleLevels() {
    }

    /** Decodes {@code n} levels of {@code bitWidth} bits from {@code in} (advancing it) into {@code out[0..n)}. */
    static void decode(ByteBuffer in, int bitWidth, int[] out, int n) {
        if (bitWidth == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return;
        }
        int mask = (int) ((1L << bitWidth) - 1);
        int valueBytes = (bitWidth + 7) / 8;
        int i = 0;
        while (i < n) {
            int header = varint(in);
            if ((header & 1) == 0) {
                int run = header >>> 1;
                int v = 0;
                for (int b = 0; b < valueBytes; b++) {
                    v |= (in.get() & 0xff) << (8 * b);
                }
                int end = Math.min(n, i + run);
                java.util.Arrays.fill(out, i, end, v);
                i = end;
            } else {
                int values = (header >>> 1) * 8;
                long buffer = 0;
                int bits = 0;
                for (int j = 0; j < values; j++) {
                    while (bits < bitWidth) {
                        buffer |= (long) (in.get() & 0xff) << bits;
                        bits += 8;
                    }
                    if (i < n) {
                        out[i++] = (int) buffer & mask;
                    }
                    buffer >>>= bitWidth;
                    bits -= bitWidth;
                }
            }
            if (header >>> 1 == 0) {
                throw new IllegalArgumentException("an empty RLE run");
            }
        }
    }

    private static int varint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.get() & 0xff;
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a malformed run header");
    }
}
