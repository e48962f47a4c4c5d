package org.poisonscan.api.data;

/**
 * How many rows a pass reads per batch: at most the caller's maximum, and no more than {@value #TARGET_BYTES} bytes
 * of float features, so that a batch read from the source is still in the last-level cache when the kernels sweep
 * it (at d = 512 a 16,384-row batch is 32 MiB and every sweep went to memory; 4,096 rows made the projection and
 * scoring passes about 1.6 x faster on a 32 MiB-cache machine, benchmarks/RESULTS.md). Results do not depend on the
 * batch size beyond floating-point summation order.
 */
public final class BatchSizing {
    /** Target bytes of features per batch. */
    public static final long TARGET_BYTES = 8L << 20;
    /** Fewest rows per batch, whatever the dimension (per-batch overheads stay small). */
    public static final int MIN_ROWS = 256;

    private BatchSizing() {
    }

    /**
     * @param maxRows the most rows the caller wants per batch (at least 1)
     * @param dim features per row
     * @return rows per batch: {@code min(maxRows, max(MIN_ROWS, TARGET_BYTES / (4 dim)))}
     */
    public static int rows(int maxRows, int dim) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        long byBytes = TARGET_BYTES / (4L * Math.max(1, dim));
        return (int) Math.min(maxRows, Math.max(MIN_ROWS, byBytes));
    }
}
