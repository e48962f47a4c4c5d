package org.poisonscan.api.stats;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;

/**
 * Per class, how much of each unit's values sit at the unit's minimum: the mark of floored activations (the zeros
 * after a ReLU, counts, clipped values), where models that assume roughly Gaussian rows misread the class's natural
 * shape. Gaussian-like units hold their minimum once; a ReLU unit of a small CNN's penultimate layer holds it in about
 * a third to a half of the rows of a class (Fashion-MNIST and MNIST, measured on the live units). One pass, mergeable,
 * independent of how the rows are split.
 */
public final class UnitFloors implements Aggregation<TreeMap<Integer, UnitFloors.Floors>> {
    private static final long serialVersionUID = 1L;

    /** One class's per-unit minimum and how many of its rows hold it. */
    public static final class Floors implements Serializable {
        private static final long serialVersionUID = 1L;

        private long rows;
        private final double[] min;
        private final long[] atMin;

        Floors(int dim) {
            min = new double[dim];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            atMin = new long[dim];
        }

        void add(float[] features, int offset) {
            rows++;
            for (int j = 0; j < min.length; j++) {
                double v = features[offset + j];
                if (v < min[j]) {
                    min[j] = v;
                    atMin[j] = 1;
                } else if (v == min[j]) {
                    atMin[j]++;
                }
            }
        }

        Floors mergeFrom(Floors other) {
            rows += other.rows;
            for (int j = 0; j < min.length; j++) {
                if (other.min[j] < min[j]) {
                    min[j] = other.min[j];
                    atMin[j] = other.atMin[j];
                } else if (other.min[j] == min[j]) {
                    atMin[j] += other.atMin[j];
                }
            }
            return this;
        }

        /** Rows of the class. */
        public long rows() {
            return rows;
        }

        /**
         * The mean, over the units that vary within the class, of the share of its rows at the unit's minimum; 0 when
         * no unit varies. (Units constant within the class, dead ReLU units among them, say nothing about its shape.)
         */
        public double flooredShare() {
            double sum = 0;
            int live = 0;
            for (int j = 0; j < min.length; j++) {
                if (atMin[j] < rows) {
                    sum += atMin[j] / (double) rows;
                    live++;
                }
            }
            return live == 0 ? 0 : sum / live;
        }
    }

    @Override
    public Accumulator<TreeMap<Integer, Floors>> start(ComputeBackend backend, int dim) {
        TreeMap<Integer, Floors> perClass = new TreeMap<>();
        return new Accumulator<>() {
            @Override
            public void add(Batch batch) {
                for (int r = 0; r < batch.rows(); r++) {
                    perClass.computeIfAbsent(batch.labels()[r], k -> new Floors(dim))
                            .add(batch.features(), batch.offset(r));
                }
            }

            @Override
            public TreeMap<Integer, Floors> finish() {
                return perClass;
            }
        };
    }

    @Override
    public TreeMap<Integer, Floors> merge(TreeMap<Integer, Floors> left, TreeMap<Integer, Floors> right) {
        right.forEach((label, floors) -> left.merge(label, floors, Floors::mergeFrom));
        return left;
    }
}
