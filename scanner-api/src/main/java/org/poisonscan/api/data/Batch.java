package org.poisonscan.api.data;

import java.util.Objects;

/**
 * A block of consecutive input rows: float32 activations of dimension {@code dim} stored row-major, one integer class
 * label per row, the row's 0-based index in the input, and optionally a ground-truth poison mark per row.
 *
 * <p>A batch is a view owned by the {@link BatchReader} that produced it: readers may reuse its arrays for the next
 * batch, so a consumer copies what it keeps beyond the next call to {@link BatchReader#next()}. Only the first
 * {@code rows} entries (and {@code rows * dim} features) are meaningful.
 *
 * @param features row-major activations, at least {@code rows * dim} values
 * @param rows number of rows in this batch
 * @param dim activation dimension
 * @param labels class label per row
 * @param rowIndex 0-based row index in the input per row
 * @param poison ground-truth poison mark per row, or {@code null} when the source has no ground truth
 */
public record Batch(float[] features, int rows, int dim, int[] labels, long[] rowIndex, boolean[] poison) {
    public Batch {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(rowIndex, "rowIndex");
        if (rows < 0 || dim < 1) {
            throw new IllegalArgumentException("rows must be >= 0 and dim >= 1, got rows=" + rows + " dim=" + dim);
        }
        if ((long) rows * dim > features.length || labels.length < rows || rowIndex.length < rows) {
            throw new IllegalArgumentException("batch arrays are shorter than rows=" + rows + " x dim=" + dim);
        }
        if (poison != null && poison.length < rows) {
            throw new IllegalArgumentException("poison array shorter than rows=" + rows);
        }
    }

    /** Whether this batch carries ground-truth poison marks. */
    public boolean hasGroundTruth() {
        return poison != null;
    }

    /** Offset of row {@code r}'s first feature in {@link #features()}. */
    public int offset(int r) {
        return r * dim;
    }
}
