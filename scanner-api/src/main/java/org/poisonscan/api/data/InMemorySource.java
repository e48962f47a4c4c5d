package org.poisonscan.api.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An {@link ActivationSource} over arrays held in memory: for tests, generated data and callers that already hold
 * their activations. Rows are checked for usable values and non-negative labels when the source is built.
 */
public final class InMemorySource implements ActivationSource {
    private final float[] features;
    private final int rows;
    private final int dim;
    private final int[] labels;
    private final boolean[] poison;
    private final String description;

    /**
     * @param features row-major activations, {@code rows * dim} values (copied)
     * @param dim activation dimension
     * @param labels class label per row (copied)
     * @param poison ground truth per row, or {@code null} (copied)
     * @param description name used in messages
     */
    public InMemorySource(float[] features, int dim, int[] labels, boolean[] poison, String description) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(description, "description (named in messages)");
        if (dim < 1) {
            throw new InvalidInputException(description + ": dimension must be >= 1, got " + dim);
        }
        if (features.length % dim != 0) {
            throw new InvalidInputException(description + ": " + features.length + " values are not a multiple of d=" + dim);
        }
        this.rows = features.length / dim;
        if (labels.length != rows) {
            throw new InvalidInputException(description + ": " + labels.length + " labels for " + rows + " rows");
        }
        if (poison != null && poison.length != rows) {
            throw new InvalidInputException(description + ": " + poison.length + " ground-truth marks for " + rows + " rows");
        }
        for (int i = 0; i < features.length; i++) {
            if (!ActivationValues.usable(features[i])) {
                throw new InvalidInputException(description + ": row " + (i / dim) + ", column " + (i % dim) + " "
                        + ActivationValues.problem(features[i]));
            }
        }
        for (int r = 0; r < rows; r++) {
            ActivationValues.checkLabel(description, r, labels[r]);
        }
        this.features = features.clone();
        this.dim = dim;
        this.labels = labels.clone();
        this.poison = poison == null ? null : poison.clone();
        this.description = description;
    }

    /**
     * A source over one array per row, as training code often holds them (flattened into a copy, so the rows and the
     * copy are in memory together for a moment: stream larger sets through an {@link ActivationSource} of your own).
     *
     * @param rows one array of activations per row, all of the same length
     * @param labels class label per row (copied)
     * @param poison ground truth per row, or {@code null} (copied)
     * @param description name used in messages
     */
    public static InMemorySource ofRows(float[][] rows, int[] labels, boolean[] poison, String description) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(description, "description (named in messages)");
        if (rows.length == 0) {
            throw new InvalidInputException(description + ": has no rows, so there is nothing to scan");
        }
        int dim = Objects.requireNonNull(rows[0], description + ": row 0 is null").length;
        if ((long) rows.length * dim > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(description + ": " + rows.length + " rows x " + dim + " values exceed one"
                    + " Java array; stream them through an ActivationSource");
        }
        float[] flat = new float[rows.length * dim];
        for (int r = 0; r < rows.length; r++) {
            float[] row = rows[r];
            if (row == null || row.length != dim) {
                throw new InvalidInputException(description + ": row " + r + " has "
                        + (row == null ? "no values (null)" : row.length + " values") + " where row 0 has " + dim);
            }
            System.arraycopy(row, 0, flat, r * dim, dim);
        }
        return new InMemorySource(flat, dim, labels, poison, description);
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean hasGroundTruth() {
        return poison != null;
    }

    /** Every value was checked as it was read (the constructor or the decoder refuses what a scan cannot take). */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the ground truth, or {@code null}. */
    public boolean[] poison() {
        return poison == null ? null : poison.clone();
    }

    @Override
    public BatchReader open(int maxBatchRows) {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("maxBatchRows must be >= 1");
        }
        return new BatchReader() {
            private int next;

            @Override
            public Batch next() {
                if (next >= rows) {
                    return null;
                }
                int n = Math.min(maxBatchRows, rows - next);
                float[] f = Arrays.copyOfRange(features, next * dim, (next + n) * dim);
                int[] l = Arrays.copyOfRange(labels, next, next + n);
                long[] idx = new long[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = next + i;
                }
                boolean[] p = poison == null ? null : Arrays.copyOfRange(poison, next, next + n);
                next += n;
                return new Batch(f, n, dim, l, idx, p);
            }

            @Override
            public void close() {
                next = rows;
            }
        };
    }
}
