package org.poisonscan.io.parquet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.parquet.io.api.Binary;

/**
 * Counts the null and repeated values of a scan's id column as the ids stream past, so that the scan can say at once
 * what {@code split --id} would refuse later. Keeps one 64-bit fingerprint per row (8 bytes, not a boxed set):
 * integers, floats and booleans map to distinct fingerprints, so their repeats are exact; byte strings are hashed to
 * 64 bits, where a false repeat among a billion distinct ids has a chance of about 1 in 40.
 */
final class IdTally {
    private long[] fingerprints = new long[1024];
    private int size;
    private long rows;
    private long nulls;
    private long firstNullRow = -1;

    void add(long row, Object id) {
        rows++;
        if (id == null) {
            if (nulls++ == 0) {
                firstNullRow = row;
            }
            return;
        }
        if (size == fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, Math.toIntExact(Math.min(Integer.MAX_VALUE - 8L, 2L * size)));
        }
        fingerprints[size++] = fingerprint(id);
    }

    /** What was counted; sorts the fingerprints, so call it once, after the last row. */
    Summary summary() {
        Arrays.sort(fingerprints, 0, size);
        long repeated = 0;
        for (int i = 1; i < size; i++) {
            if (fingerprints[i] == fingerprints[i - 1]) {
                repeated++;
            }
        }
        return new Summary(rows, nulls, firstNullRow, repeated);
    }

    private static long fingerprint(Object id) {
        if (id instanceof Integer v) {
            return v;
        }
        if (id instanceof Long v) {
            return v;
        }
        if (id instanceof Float v) {
            return Double.doubleToLongBits(v);
        }
        if (id instanceof Double v) {
            return Double.doubleToLongBits(v);
        }
        if (id instanceof Boolean v) {
            return v ? 1 : 0;
        }
        if (id instanceof Binary v) {
            return hash(v.getBytes());
        }
        throw new IllegalArgumentException("not a Parquet primitive value: " + id);
    }

    /** FNV-1a over the bytes, then a 64-bit finaliser (murmur3's fmix64) to spread the low bits. */
    private static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * The id column's problems: {@code repeated} counts the rows whose id an earlier row already had.
     *
     * @param firstNullRow the 0-based row of the first null id, or -1
     */
    record Summary(long rows, long nulls, long firstNullRow, long repeated) {
        /** A one-line warning naming the column, or empty when every id is present and unique. */
        Optional<String> warning(String column) {
            if (nulls == 0 && repeated == 0) {
                return Optional.empty();
            }
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "id column '%s': ", column));
            if (nulls > 0) {
                s.append(String.format(Locale.ROOT, "%,d of %,d rows have a null id (the first at row %d)",
                        nulls, rows, firstNullRow));
            }
            if (repeated > 0) {
                s.append(nulls > 0 ? ", " : "").append(String.format(Locale.ROOT,
                        "%,d of %,d rows repeat an earlier row's id", repeated, rows));
            }
            return Optional.of(s.append("; their flags are in scores.parquet by row, but 'split --id' refuses"
                    + " ids that are null or repeated: split by row order (without --id) or give each row its own id")
                    .toString());
        }
    }
}
