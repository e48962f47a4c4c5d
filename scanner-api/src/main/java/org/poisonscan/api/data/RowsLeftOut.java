package org.poisonscan.api.data;

import java.io.IOException;
import java.util.Arrays;

/** A source without some rows: the kept rows keep their row indices, so seeded samples stay the same. */
public final class RowsLeftOut extends ForwardingSource {
    private final long[] rows;

    /** @param rows the row indices to leave out, sorted */
    public RowsLeftOut(ActivationSource source, long[] rows) {
        super(source);
        this.rows = rows.clone();
    }

    @Override
    public long rowCount() {
        return source.rowCount() - rows.length;
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        BatchReader reader = source.open(maxBatchRows);
        return new BatchReader() {
            @Override
            public Batch next() throws IOException {
                for (Batch b = reader.next(); b != null; b = reader.next()) {
                    Batch kept = without(b, rows);
                    if (kept.rows() > 0) {
                        return kept;
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /**
     * The batch without the rows of {@code rows} (sorted row indices); the same batch when it holds none of them. The
     * batch's rows may come in any order (a partition numbered by an id column).
     */
    public static Batch without(Batch b, long[] rows) {
        if (rows.length == 0 || b.rows() == 0) {
            return b;
        }
        boolean[] drop = new boolean[b.rows()];
        int dropped = 0;
        for (int i = 0; i < b.rows(); i++) {
            drop[i] = Arrays.binarySearch(rows, b.rowIndex()[i]) >= 0;
            dropped += drop[i] ? 1 : 0;
        }
        if (dropped == 0) {
            return b;
        }
        int d = b.dim();
        int kept = b.rows() - dropped;
        float[] f = new float[kept * d];
        int[] l = new int[kept];
        long[] idx = new long[kept];
        boolean[] p = b.poison() == null ? null : new boolean[kept];
        int n = 0;
        for (int i = 0; i < b.rows(); i++) {
            if (drop[i]) {
                continue;
            }
            System.arraycopy(b.features(), b.offset(i), f, n * d, d);
            l[n] = b.labels()[i];
            idx[n] = b.rowIndex()[i];
            if (p != null) {
                p[n] = b.poison()[i];
            }
            n++;
        }
        return new Batch(f, n, d, l, idx, p);
    }
}
