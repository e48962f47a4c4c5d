package org.poisonscan.djl;

import java.util.Arrays;
import java.util.Objects;

/**
 * Samples of one fixed shape (for example 1 x 28 x 28 images) stored row-major in one float array, with an integer
 * label per sample. Immutable: arrays are copied in and out.
 */
public final class LabelledTensors {
    private final float[] values;
    private final long[] sampleShape;
    private final int[] labels;
    private final int sampleSize;

    /**
     * @param values {@code labels.length * prod(sampleShape)} values, sample after sample (copied)
     * @param sampleShape the shape of one sample, without the batch axis (copied)
     * @param labels one label per sample (copied)
     */
    public LabelledTensors(float[] values, long[] sampleShape, int[] labels) {
        this(values.clone(), sampleShape.clone(), labels.clone(), true);
    }

    /** Takes the arrays as they are; {@code unused} only tells this constructor from the copying one. */
    private LabelledTensors(float[] values, long[] sampleShape, int[] labels, boolean unused) {
        Objects.requireNonNull(values, "values");
        long size = 1;
        for (long s : sampleShape) {
            if (s < 1) {
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " has a size < 1");
            }
            size *= s;
        }
        if (size * labels.length != values.length) {
            throw new IllegalArgumentException(values.length + " values for " + labels.length + " samples of shape "
                    + Arrays.toString(sampleShape));
        }
        for (int i = 0; i < labels.length; i++) {
            // PyTorch's loss would fail later with "index -1 is out of bounds", naming no sample.
            org.poisonscan.api.data.ActivationValues.checkLabel("labelled tensors", i, labels[i]);
        }
        for (int i = 0; i < values.length; i++) {
            // One NaN input makes every weight NaN after a training step, and the error then surfaces far away.
            if (!Float.isFinite(values[i])) {
                throw new org.poisonscan.api.data.InvalidInputException("labelled tensors: sample " + (i / size)
                        + ", value " + (i % size) + " is " + values[i] + " (inputs must be finite)");
            }
        }
        this.values = values;
        this.sampleShape = sampleShape;
        this.labels = labels;
        this.sampleSize = (int) size;
    }

    /** Wraps arrays the caller gives up (no copy): for this package's readers and transforms. */
    static LabelledTensors wrap(float[] values, long[] sampleShape, int[] labels) {
        return new LabelledTensors(values, sampleShape, labels, true);
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Values per sample. */
    public int sampleSize() {
        return sampleSize;
    }

    /** The shape of one sample (a copy). */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** The label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** All values (a copy). */
    public float[] values() {
        return values.clone();
    }

    /** Copies sample {@code i}'s values into {@code dst} at {@code offset}. */
    public void copySample(int i, float[] dst, int offset) {
        System.arraycopy(values, i * sampleSize, dst, offset, sampleSize);
    }

    /** The samples at {@code rows}, in that order. */
    public LabelledTensors select(int[] rows) {
        float[] v = new float[rows.length * sampleSize];
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            copySample(rows[i], v, i * sampleSize);
            l[i] = labels[rows[i]];
        }
        return wrap(v, sampleShape.clone(), l);
    }

    /** The first {@code n} samples. */
    public LabelledTensors head(int n) {
        int k = Math.min(n, size());
        return wrap(Arrays.copyOf(values, k * sampleSize), sampleShape.clone(), Arrays.copyOf(labels, k));
    }
}
