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
 * <p>Rows are shifted by a provisional mean before accumulation, so the covariance {@code (G - n m m^T) / (n - 1)} of
 * the shifted rows suffers no cancellation even when the class mean is large against its spread. The shift is the
 * mean of the class's first {@value #SHIFT_ROWS} rows in row-index order, computed the same way wherever the pass
 * runs: on one machine the accumulator holds those rows back until it has them; over partitions a small pass finds
 * them first ({@link FirstRows}). With the same shift everywhere, the float32 rows that are accumulated are identical
 * however the input is split, and partitioned sums differ from a single stream's only in double-precision summation
 * order (about 1e-16 relative), which keeps detectors whose later steps are sensitive (FastICA that does not
 * converge, k-means stopping rules) on the same results. Memory: one d x d accumulator per class, independent of the
 * number of rows.
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

    /**
     * The reason given for a class that {@link #constant} excludes. (Tiny activations are not constant: the native
     * backend hands their products to double-precision kernels, whose squares do not underflow.)
     */
    public static final String CONSTANT_REASON = "activations are constant within the class (every row the same)";

    /** Whether every activation is the same within the class (the covariance's trace is not positive). */
    public boolean constant() {
        double trace = 0;
        for (int i = 0; i < dim(); i++) {
            trace += covariance[i * dim() + i];
        }
        return !(trace > 0);
    }

    /** Computes the moments of every class of the source in one pass. */
    public static Map<Integer, ClassMoments> compute(ActivationSource source, ComputeBackend backend, int batchRows)
            throws IOException {
        return compute(new SourcePasses(source, batchRows, backend));
    }

    /**
     * Computes the moments of every class: one pass on a single stream, two over partitions (the first finds each
     * class's first rows, whose mean is the shift).
     */
    public static Map<Integer, ClassMoments> compute(Passes passes) throws IOException {
        TreeMap<Integer, double[]> shifts = null;
        if (!passes.singleStream()) {
            shifts = new TreeMap<>();
            for (Map.Entry<Integer, FirstRows.Rows> e : passes.aggregate(new FirstRows()).entrySet()) {
                shifts.put(e.getKey(), e.getValue().mean());
            }
        }
        Map<Integer, ClassMoments> out = new TreeMap<>();
        for (Sums s : passes.aggregate(new Pass(shifts)).values()) {
            out.put(s.label, finish(s.label, s.count, s.shift, s.sums, s.gram));
        }
        return out;
    }

    /** Rows per class whose mean is the class's shift. */
    static final int SHIFT_ROWS = 64;

    /**
     * The moments pass as a mergeable aggregation: per class, the shifted Gram matrix and column sums. Given the
     * shifts (partitions), every accumulator uses them; without (a single stream in row order), the accumulator holds
     * each class's first {@value #SHIFT_ROWS} rows back, takes their mean as the shift, and then accumulates. Partial
     * sums are merged exactly (in double), moving one to the other's shift when they differ.
     */
    static final class Pass implements Aggregation<TreeMap<Integer, Sums>> {
        private static final long serialVersionUID = 1L;
        private final TreeMap<Integer, double[]> shifts;

        /**
         * @param shifts per class, the mean of its first rows; {@code null} to find them in the stream
         */
        Pass(TreeMap<Integer, double[]> shifts) {
            this.shifts = shifts;
        }

        @Override
        public Accumulator<TreeMap<Integer, Sums>> start(ComputeBackend backend, int dim) {
            return new Accumulator<>() {
                private final Map<Integer, GramAccumulator> accumulators = new TreeMap<>();
                private final Map<Integer, double[]> used = new TreeMap<>();
                private final Map<Integer, FirstRows.Rows> pending = new TreeMap<>();
                private final Map<double[], float[]> floatShifts = new java.util.IdentityHashMap<>();

                /** The shift as floats: shifts are float-exact (see FirstRows.Rows#mean), so nothing is lost. */
                private float[] asFloats(double[] shift) {
                    return floatShifts.computeIfAbsent(shift, s -> {
                        float[] f = new float[s.length];
                        for (int i = 0; i < s.length; i++) {
                            f[i] = (float) s[i];
                        }
                        return f;
                    });
                }

                @Override
                public void add(Batch b) {
                    for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                        int label = e.getKey();
                        int[] rows = e.getValue();
                        double[] shift = used.get(label);
                        if (shift == null && shifts != null) {
                            shift = shifts.get(label);
                            if (shift == null) {
                                throw new IllegalStateException("class " + label + " was not in the shift pass");
                            }
                            used.put(label, shift);
                        }
                        if (shift == null) {
                            rows = holdBack(label, b, rows, dim);
                            if (rows == null) {
                                continue;
                            }
                            shift = used.get(label);
                        }
                        accumulator(label).addShifted(b.features(), rows, asFloats(shift));
                    }
                }

                /** Keeps the class's rows until it has SHIFT_ROWS; then accumulates them and returns the rest. */
                private int[] holdBack(int label, Batch b, int[] rows, int d) {
                    FirstRows.Rows first = pending.computeIfAbsent(label, k -> new FirstRows.Rows(d));
                    int taken = first.take(b, rows);
                    if (first.size() < SHIFT_ROWS) {
                        return null;
                    }
                    release(label, first);
                    return java.util.Arrays.copyOfRange(rows, taken, rows.length);
                }

                private void release(int label, FirstRows.Rows first) {
                    pending.remove(label);
                    double[] shift = first.mean();
                    used.put(label, shift);
                    Batch held = first.asBatch();
                    int[] all = new int[held.rows()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = i;
                    }
                    accumulator(label).addShifted(held.features(), all, asFloats(shift));
                }

                private GramAccumulator accumulator(int label) {
                    return accumulators.computeIfAbsent(label, k -> backend.newGramAccumulator(dim));
                }

                @Override
                public TreeMap<Integer, Sums> finish() {
                    for (Map.Entry<Integer, FirstRows.Rows> e : new TreeMap<>(pending).entrySet()) {
                        release(e.getKey(), e.getValue());
                    }
                    TreeMap<Integer, Sums> out = new TreeMap<>();
                    for (Map.Entry<Integer, GramAccumulator> e : accumulators.entrySet()) {
                        GramAccumulator a = e.getValue();
                        out.put(e.getKey(), new Sums(e.getKey(), a.count(), used.get(e.getKey()), a.columnSums(),
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
            if (java.util.Arrays.equals(shift, o.shift)) {
                for (int i = 0; i < gram.length; i++) {
                    gram[i] += o.gram[i];
                }
                for (int i = 0; i < d; i++) {
                    sums[i] += o.sums[i];
                }
                count += o.count;
                return this;
            }
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
}
