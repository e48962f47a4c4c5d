package org.poisonscan.api.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Each class's mean direction, to be removed from the rows of a class that lie on a sphere (see
 * {@link SphereTangents}): the one definition of that transform, used by a local scan's source and, serialised with
 * the fitted detectors, by Spark's passes and executors.
 */
public final class ClassDirections implements Serializable {
    private static final long serialVersionUID = 1L;

    private final HashMap<Integer, float[]> directions;
    private final double norm;

    private ClassDirections(HashMap<Integer, float[]> directions, double norm) {
        this.directions = directions;
        this.norm = norm;
    }

    /**
     * From each class's sum of rows: its direction, except for a class whose rows cancel out (spread evenly over the
     * sphere, with no mean direction to remove).
     *
     * @param sums per class label, the sum of its rows
     * @param norm the rows' common length
     */
    public static ClassDirections fromSums(Map<Integer, double[]> sums, double norm) {
        HashMap<Integer, float[]> directions = new HashMap<>();
        sums.forEach((label, sum) -> {
            double length = 0;
            for (double v : sum) {
                length += v * v;
            }
            length = Math.sqrt(length);
            if (length > 1e-9 * norm) {
                float[] u = new float[sum.length];
                for (int k = 0; k < sum.length; k++) {
                    u[k] = (float) (sum[k] / length);
                }
                directions.put(label, u);
            }
        });
        return new ClassDirections(directions, norm);
    }

    /** The rows' common length. */
    public double norm() {
        return norm;
    }

    /** What was done, for the report and the summary. */
    public String note() {
        return String.format(Locale.ROOT, "every row has length %.4g: the rows lie on a sphere, so each class's mean"
                + " direction was removed before scanning (its coordinate follows from the others, and the sphere's"
                + " curvature would bend it into a one-sided tail)", norm);
    }

    /** A projector with its own buffer (one per reader or task: not thread-safe). */
    public Projector projector() {
        return new Projector();
    }

    /** Removes each row's class direction, writing into its own buffer (the input batch is not changed). */
    public final class Projector {
        private float[] buffer = new float[0];

        private Projector() {
        }

        /** The batch's rows without their class's mean direction; valid until the next call. */
        public Batch apply(Batch b) {
            int d = b.dim();
            if (buffer.length < b.rows() * d) {
                buffer = new float[b.rows() * d];
            }
            float[] f = b.features();
            for (int i = 0; i < b.rows(); i++) {
                int off = b.offset(i);
                int out = i * d;
                float[] u = directions.get(b.labels()[i]);
                if (u == null) {
                    System.arraycopy(f, off, buffer, out, d);
                    continue;
                }
                double along = 0;
                for (int k = 0; k < d; k++) {
                    along += (double) f[off + k] * u[k];
                }
                for (int k = 0; k < d; k++) {
                    buffer[out + k] = (float) (f[off + k] - along * u[k]);
                }
            }
            return new Batch(buffer, b.rows(), d, b.labels(), b.rowIndex(), b.poison());
        }
    }
}
