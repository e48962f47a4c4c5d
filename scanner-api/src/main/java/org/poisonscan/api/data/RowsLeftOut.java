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
                    Batch kept = without(b);
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

    private Batch without(Batch b) {
        long first = b.rowIndex()[0];
        long last = b.rowIndex()[b.rows() - 1];
        int from = Arrays.binarySearch(rows, first);
        from = from < 0 ? -from - 1 : from;
        if (from == rows.length || rows[from] > last) {
            return b;
        }
        int d = b.dim();
        float[] f = new float[b.rows() * d];
        int[] l = new int[b.rows()];
        long[] idx = new long[b.rows()];
        boolean[] p = b.poison() == null ? null : new boolean[b.rows()];
        int n = 0;
        for (int i = 0; i < b.rows(); i++) {
            if (Arrays.binarySearch(rows, b.rowIndex()[i]) >= 0) {
                continue;
            }
            System.arraycopy(b.features(), i * d, f, n * d, d);
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
