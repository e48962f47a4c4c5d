package org.poisonscan.api.pass;

import java.io.Serializable;
import java.util.Optional;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.ClassDirections;
import org.poisonscan.api.data.SphereTangents;

/**
 * A pass that tells whether every row has the same length, and if so each class's mean direction: the check of
 * {@link SphereTangents} as a mergeable aggregation, for passes over partitions (Spark), where a local scan's early
 * stop at the first row of another length is not possible.
 */
public final class SphereCheck implements Aggregation<SphereCheck.Lengths> {
    private static final long serialVersionUID = 1L;
    /** How many times the longest-minus-shortest length the rows' spread must exceed on a sphere. */
    static final double SPREAD_OVER_RANGE = 100;

    /** The shortest and longest row and each class's sum of rows over a stretch of rows. */
    public static final class Lengths implements Serializable {
        private static final long serialVersionUID = 1L;
        double shortest = Double.POSITIVE_INFINITY;
        double longest = 0;
        double sumOfSquares;
        long rows;
        final TreeMap<Integer, double[]> sums = new TreeMap<>();

        /** Adds a batch's rows (a local scan's check adds them itself, stopping early). */
        public void add(Batch b) {
            int dim = b.dim();
            float[] f = b.features();
            for (int i = 0; i < b.rows(); i++) {
                int off = b.offset(i);
                double sq = 0;
                for (int k = 0; k < dim; k++) {
                    sq += (double) f[off + k] * f[off + k];
                }
                sumOfSquares += sq;
                double length = Math.sqrt(sq);
                shortest = Math.min(shortest, length);
                longest = Math.max(longest, length);
                rows++;
                double[] sum = sums.computeIfAbsent(b.labels()[i], k -> new double[dim]);
                for (int k = 0; k < dim; k++) {
                    sum[k] += f[off + k];
                }
            }
        }

        /** Whether the rows seen so far all have one length ({@link SphereTangents#NORM_TOLERANCE}). */
        public boolean mayBeSphere() {
            return rows == 0 || shortest > 0 && longest - shortest <= SphereTangents.NORM_TOLERANCE * shortest;
        }

        /**
         * The class directions when the rows lie on a sphere: one length, and spread over the sphere far more than
         * the lengths vary. Rows shifted far from the origin (activations plus 1e6, a probe's set) also have nearly
         * one length, but they vary along their mean direction as much as across it, so they are no sphere.
         */
        public Optional<ClassDirections> directions(int dim) {
            boolean sphere = dim >= SphereTangents.MIN_DIMENSION && rows > 1 && mayBeSphere()
                    && spread() > SPREAD_OVER_RANGE * (longest - shortest);
            return sphere ? Optional.of(ClassDirections.fromSums(sums, shortest)) : Optional.empty();
        }

        /** Root mean square distance of the rows from their overall mean. */
        double spread() {
            double[] total = new double[sums.isEmpty() ? 0 : sums.firstEntry().getValue().length];
            for (double[] sum : sums.values()) {
                for (int k = 0; k < total.length; k++) {
                    total[k] += sum[k];
                }
            }
            double meanSquared = 0;
            for (double t : total) {
                meanSquared += (t / rows) * (t / rows);
            }
            return Math.sqrt(Math.max(0, sumOfSquares / rows - meanSquared));
        }
    }

    @Override
    public Accumulator<Lengths> start(ComputeBackend backend, int dim) {
        Lengths lengths = new Lengths();
        return new Accumulator<>() {
            @Override
            public void add(Batch b) {
                lengths.add(b);
            }

            @Override
            public Lengths finish() {
                return lengths;
            }
        };
    }

    @Override
    public Lengths merge(Lengths left, Lengths right) {
        left.shortest = Math.min(left.shortest, right.shortest);
        left.longest = Math.max(left.longest, right.longest);
        left.sumOfSquares += right.sumOfSquares;
        left.rows += right.rows;
        right.sums.forEach((label, sum) -> left.sums.merge(label, sum, (a, b) -> {
            for (int k = 0; k < a.length; k++) {
                a[k] += b[k];
            }
            return a;
        }));
        return left;
    }
}
