package org.poisonscan.io.numpy;

import java.util.Arrays;

/**
 * A whole numeric array held in memory as float32, in C (row-major) order: what {@link DenseArrays} reads from an
 * {@code .npy} file or an {@code .npz} entry of any shape, for inputs that are not activations (images, masks).
 * Immutable: arrays are copied in and out.
 *
 * @param where the file (and array name) the values came from, for messages
 * @param shape the dimensions (copied)
 * @param values {@code prod(shape)} values (copied)
 */
public record DenseArray(String where, long[] shape, float[] values) {
    public DenseArray {
        shape = shape.clone();
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(where + ": negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(where + ": " + values.length + " values for shape "
                    + Arrays.toString(shape));
        }
        values = values.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** Length of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }
}
