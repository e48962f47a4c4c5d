package org.poisonscan.spark;

import java.io.Serializable;
import org.poisonscan.api.data.Batch;

/**
 * A block of consecutive rows of one partition, decoded and checked once and cached for the fit's passes: float32
 * activations row-major, labels, and each row's number. The number is the id column's value, or, when rows are
 * numbered in input order, the row's position within its partition, to which the partition's offset is added when
 * the block becomes a {@link Batch}.
 */
final class RowBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] features;
    private final int[] labels;
    private final long[] numbers;
    private final int rows;
    private final int dim;

    RowBlock(float[] features, int[] labels, long[] numbers, int rows, int dim) {
        this.features = features;
        this.labels = labels;
        this.numbers = numbers;
        this.rows = rows;
        this.dim = dim;
    }

    int rows() {
        return rows;
    }

    long number(int r) {
        return numbers[r];
    }

    /** The rows as a batch whose global row indices are the numbers plus {@code offset}. */
    Batch toBatch(long offset) {
        long[] index = numbers;
        if (offset != 0) {
            index = new long[rows];
            for (int r = 0; r < rows; r++) {
                index[r] = numbers[r] + offset;
            }
        }
        return new Batch(features, rows, dim, labels, index, null);
    }
}
