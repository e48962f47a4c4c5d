package org.poisonscan.io.parquet;

import java.io.IOException;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * One pass over a Parquet data set: fills reused batch arrays column by column, row group by row group, part after
 * part. Row indices run across the parts; messages name the part file and its own row.
 */
final class ParquetBatchReader implements BatchReader {
    private final ParquetLayout layout;
    private final ActivationDecoder activations;
    private final LabelDecoder labels;
    private final MarkDecoder marks;
    private final long rows;
    private final int dim;
    private final float[] f;
    private final int[] l;
    private final long[] idx;
    private final boolean[] p;
    private final PartGroups groups;
    private int part = -1;
    private ListValueCursor activationCursor;
    private ColumnCursor labelCursor;
    private ColumnCursor markCursor;
    private long leftInGroup;
    /** Rows decoded so far: the data set's index of the next row. */
    private long next;
    private boolean closed;

    ParquetBatchReader(ParquetParts parts, ParquetLayout layout, StringLabels names, long rows, int dim,
            int maxBatchRows) {
        this.groups = new PartGroups(parts, layout.scanProjection());
        this.layout = layout;
        this.activations = new ActivationDecoder(layout.activation(), dim);
        this.labels = new LabelDecoder(layout.label(), names);
        this.marks = layout.groundTruth() == null ? null : new MarkDecoder(layout.groundTruth());
        this.rows = rows;
        this.dim = dim;
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
            long first = next;
            if (first + k > rows) {
                throw changed();
            }
            long local = first - groups.partStart();
            activations.read(activationCursor, k, f, n * dim, local);
            labels.read(labelCursor, k, l, n, local);
            if (marks != null) {
                marks.read(markCursor, k, p, n, local);
            }
            for (int i = 0; i < k; i++) {
                idx[n + i] = first + i;
            }
            n += k;
            next += k;
            leftInGroup -= k;
            if (leftInGroup == 0) {
                if (activationCursor.hasNext()) {
                    throw activationCursor.error(local + k - 1, "the column has more values than the row group has"
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
        if (next == rows) {
            activations.checkNarrowing(groups.dataSet().toString());
        }
        return new Batch(f, n, dim, l, idx, p);
    }

    private boolean advance() throws IOException {
        java.nio.file.Path before = groups.file();
        boolean more = groups.next();
        if (groups.part() != part) {
            // A part ended: it must have given the rows its footer promised.
            if (next != groups.partStart()) {
                throw changed(before);
            }
            part = groups.part();
        }
        if (!more) {
            return false;
        }
        RowGroups g = groups.current();
        leftInGroup = g.rows();
        activationCursor = g.listCursor(layout.activation());
        labelCursor = g.cursor(layout.label().descriptor(), layout.label().name());
        markCursor = marks == null ? null : g.cursor(layout.groundTruth().descriptor(),
                layout.groundTruth().name());
        return true;
    }

    private static void checkExhausted(ColumnCursor c) {
        if (c.hasNext()) {
            throw c.error("the column has more values than the row group has rows");
        }
    }

    private InvalidInputException changed() {
        return changed(groups.file());
    }

    private InvalidInputException changed(java.nio.file.Path file) {
        return new InvalidInputException(file + ": the file no longer has the rows it had when opened ("
                + rows + " in all); was it changed?");
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            groups.close();
        }
    }
}
