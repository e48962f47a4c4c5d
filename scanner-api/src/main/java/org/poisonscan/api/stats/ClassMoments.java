package org.poisonscan.api.stats;

import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.pass.SourcePasses;

/**
 * Per-class row count, mean and covariance, computed in one pass through the backend's Gram kernel.
 *
 * <p>Rows are shifted by a provisional mean (the class's mean in the first batch that holds it) before accumulation,
 * so the covariance {@code (G - n m m^T) / (n - 1)} of the shifted rows suffers no cancellation even when the class
 * mean is large against its spread. Memory: one d x d accumulator per class, independent of the number of rows.
 * Partial sums of disjoint parts of the input (Spark partitions) merge exactly, in double, by moving one to the
 * other's shift; only the float32 rounding of the shifted rows differs with the split (last-bit differences).
 *
 * @param label class label
 * @param count rows of the class
 * @param mean class mean (d values)
 * @param covariance unbiased sample covariance, row-major d x d ({@code NaN}-free; zero when count is 1)
 */
public record ClassMoments(int label, long count, double[] mean, double[] covariance) {

    /** Dimension d. */
    public int dim() {
        return mean.length;
    }

    /** Computes the moments of every class of the source in one pass. */
    public static Map<Integer, ClassMoments> compute(ActivationSource source, ComputeBackend backend, int batchRows)
            throws IOException {
        return compute(new SourcePasses(source, batchRows, backend));
    }

    /** Computes the moments of every class in one pass, wherever the passes run. */
    public static Map<Integer, ClassMoments> compute(Passes passes) throws IOException {
        Map<Integer, ClassMoments> out = new TreeMap<>();
        for (Sums s : passes.aggregate(new Pass()).values()) {
            out.put(s.label, finish(s.label, s.count, s.shift, s.sums, s.gram));
        }
        return out;
    }

    /**
     * The moments pass as a mergeable aggregation: per class, the shifted Gram matrix and column sums. Each
     * accumulator shifts a class's rows by the mean of the class in the first batch it sees; partial sums with
     * different shifts are merged exactly (in double) by moving one to the other's shift.
     */
    static final class Pass implements Aggregation<TreeMap<Integer, Sums>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Accumulator<TreeMap<Integer, Sums>> start(ComputeBackend backend, int dim) {
            return new Accumulator<>() {
                private final Map<Integer, GramAccumulator> accumulators = new TreeMap<>();
                private final Map<Integer, double[]> shifts = new TreeMap<>();
                private float[] buffer;

                @Override
                public void add(Batch b) {
                    for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                        int[] rows = e.getValue();
                        double[] shift = shifts.computeIfAbsent(e.getKey(), k -> meanOf(b, rows));
                        GramAccumulator acc = accumulators.computeIfAbsent(e.getKey(),
                                k -> backend.newGramAccumulator(dim));
                        buffer = ClassRows.gather(b, rows, shift, buffer);
                        acc.add(buffer, rows.length);
                    }
                }

                @Override
                public TreeMap<Integer, Sums> finish() {
                    TreeMap<Integer, Sums> out = new TreeMap<>();
                    for (Map.Entry<Integer, GramAccumulator> e : accumulators.entrySet()) {
                        GramAccumulator a = e.getValue();
                        out.put(e.getKey(), new Sums(e.getKey(), a.count(), shifts.get(e.getKey()), a.columnSums(),
                                a.gram()));
                    }
                    return out;
                }

                @Override
                public void close() {
                    accumulators.values().forEach(GramAccumulator::close);
                }
            };
        }

        @Override
        public TreeMap<Integer, Sums> merge(TreeMap<Integer, Sums> left, TreeMap<Integer, Sums> right) {
            right.forEach((label, s) -> left.merge(label, s, Sums::absorb));
            return left;
        }
    }

    /** One class's shifted sums: {@code sum (x - shift)} and {@code sum (x - shift)(x - shift)^T} over its rows. */
    static final class Sums implements Serializable {
        private static final long serialVersionUID = 1L;
        final int label;
        long count;
        final double[] shift;
        final double[] sums;
        final double[] gram;

        Sums(int label, long count, double[] shift, double[] sums, double[] gram) {
            this.label = label;
            this.count = count;
            this.shift = shift;
            this.sums = sums;
            this.gram = gram;
        }

        /**
         * Adds {@code o}'s rows, moved to this shift: with {@code D = o.shift - shift} and {@code y = x - o.shift},
         * {@code sum (y + D)(y + D)^T = G + S D^T + D S^T + n D D^T} and {@code sum (y + D) = S + n D}.
         */
        Sums absorb(Sums o) {
            int d = shift.length;
            double[] delta = new double[d];
            for (int i = 0; i < d; i++) {
                delta[i] = o.shift[i] - shift[i];
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    gram[i * d + j] += o.gram[i * d + j] + o.sums[i] * delta[j] + delta[i] * o.sums[j]
                            + o.count * delta[i] * delta[j];
                }
            }
            for (int i = 0; i < d; i++) {
                sums[i] += o.sums[i] + o.count * delta[i];
            }
            count += o.count;
            return this;
        }
    }

    private static ClassMoments finish(int label, long n, double[] shift, double[] sums, double[] g) {
        int d = shift.length;
        double[] m = new double[d];
        for (int i = 0; i < d; i++) {
            m[i] = sums[i] / n;
        }
        double[] cov = new double[d * d];
        if (n > 1) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i * d + j] = (g[i * d + j] - n * m[i] * m[j]) / (n - 1);
                }
            }
        }
        double[] mean = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] = shift[i] + m[i];
        }
        return new ClassMoments(label, n, mean, cov);
    }

    private static double[] meanOf(Batch b, int[] rows) {
        int d = b.dim();
        double[] m = new double[d];
        float[] f = b.features();
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                m[i] += f[r * d + i];
            }
        }
        for (int i = 0; i < d; i++) {
            m[i] /= rows.length;
        }
        return m;
    }
}
