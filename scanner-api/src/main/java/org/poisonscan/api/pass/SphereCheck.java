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

    /** The shortest and longest row and each class's sum of rows over a stretch of rows. */
    public static final class Lengths implements Serializable {
        private static final long serialVersionUID = 1L;
        double shortest = Double.POSITIVE_INFINITY;
        double longest = 0;
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

        /** The class directions when the rows lie on a sphere. */
        public Optional<ClassDirections> directions(int dim) {
            boolean sphere = dim >= SphereTangents.MIN_DIMENSION && rows > 0 && mayBeSphere();
            return sphere ? Optional.of(ClassDirections.fromSums(sums, shortest)) : Optional.empty();
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
