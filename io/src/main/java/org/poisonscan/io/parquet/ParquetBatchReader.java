package org.poisonscan.io.parquet;

import java.io.IOException;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/** One pass over a Parquet file: fills reused batch arrays column by column, row group by row group. */
final class ParquetBatchReader implements BatchReader {
    private final RowGroups groups;
    private final ParquetLayout layout;
    private final ActivationDecoder activations;
    private final LabelDecoder labels;
    private final MarkDecoder marks;
    private final long rows;
    private final int dim;
    private final String where;
    private final float[] f;
    private final int[] l;
    private final long[] idx;
    private final boolean[] p;
    private ListValueCursor activationCursor;
    private ColumnCursor labelCursor;
    private ColumnCursor markCursor;
    private long leftInGroup;
    private long next;
    private boolean closed;

    ParquetBatchReader(RowGroups groups, ParquetLayout layout, StringLabels names, long rows, int dim,
            int maxBatchRows, String where) {
        this.groups = groups;
        this.layout = layout;
        this.activations = new ActivationDecoder(layout.activation(), dim);
        this.labels = new LabelDecoder(layout.label(), names);
        this.marks = layout.groundTruth() == null ? null : new MarkDecoder(layout.groundTruth());
        this.rows = rows;
        this.dim = dim;
        this.where = where;
        int capacity = (int) Math.min(Math.min(maxBatchRows, rows), (Integer.MAX_VALUE - 8) / dim);
        this.f = new float[capacity * dim];
        this.l = new int[capacity];
        this.idx = new long[capacity];
        this.p = marks == null ? null : new boolean[capacity];
    }

    @Override
    public Batch next() throws IOException {
        if (closed) {
            return null;
        }
        int n = 0;
        while (n < l.length) {
            if (leftInGroup == 0 && !advance()) {
                break;
            }
            int k = (int) Math.min(l.length - n, leftInGroup);
            long first = next + n;
            if (first + k > rows) {
                throw changed();
            }
            activations.read(activationCursor, k, f, n * dim, first);
            labels.read(labelCursor, k, l, n, first);
            if (marks != null) {
                marks.read(markCursor, k, p, n, first);
            }
            for (int i = 0; i < k; i++) {
                idx[n + i] = first + i;
            }
            n += k;
            leftInGroup -= k;
            if (leftInGroup == 0) {
                if (activationCursor.hasNext()) {
                    throw activationCursor.error(first + k - 1, "the column has more values than the row group has"
                            + " rows");
                }
                checkExhausted(labelCursor);
                if (markCursor != null) {
                    checkExhausted(markCursor);
                }
            }
        }
        if (n == 0) {
            if (next != rows) {
                throw changed();
            }
            return null;
        }
        next += n;
        return new Batch(f, n, dim, l, idx, p);
    }

    private boolean advance() {
        if (!groups.next()) {
            return false;
        }
        leftInGroup = groups.rows();
        activationCursor = groups.listCursor(layout.activation());
        labelCursor = groups.cursor(layout.label().descriptor(), layout.label().name());
        markCursor = marks == null ? null : groups.cursor(layout.groundTruth().descriptor(),
                layout.groundTruth().name());
        return true;
    }

    private static void checkExhausted(ColumnCursor c) {
        if (c.hasNext()) {
            throw c.error("the column has more values than the row group has rows");
        }
    }

    private InvalidInputException changed() {
        return new InvalidInputException(where + ": the file no longer has the " + rows
                + " rows it had when opened; was it changed?");
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            groups.close();
        }
    }
}
