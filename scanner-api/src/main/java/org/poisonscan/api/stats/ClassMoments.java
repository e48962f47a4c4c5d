package org.poisonscan.api.stats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;

/**
 * Per-class row count, mean and covariance, computed in one pass through the backend's Gram kernel.
 *
 * <p>Rows are shifted by a provisional mean (the class's mean in the first batch that holds it) before accumulation,
 * so the covariance {@code (G - n m m^T) / (n - 1)} of the shifted rows suffers no cancellation even when the class
 * mean is large against its spread. Memory: one d x d accumulator per class, independent of the number of rows.
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
        int d = source.dimension();
        Map<Integer, GramAccumulator> accumulators = new TreeMap<>();
        Map<Integer, double[]> shifts = new TreeMap<>();
        float[] buffer = new float[batchRows * d];
        List<GramAccumulator> opened = new ArrayList<>();
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (Map.Entry<Integer, int[]> e : ClassRows.of(b).entrySet()) {
                    int label = e.getKey();
                    int[] rows = e.getValue();
                    Batch batch = b;
                    double[] shift = shifts.computeIfAbsent(label, k -> meanOf(batch, rows));
                    GramAccumulator acc = accumulators.computeIfAbsent(label, k -> {
                        GramAccumulator a = backend.newGramAccumulator(d);
                        opened.add(a);
                        return a;
                    });
                    buffer = ClassRows.gather(b, rows, shift, buffer);
                    acc.add(buffer, rows.length);
                }
            }
            Map<Integer, ClassMoments> out = new TreeMap<>();
            for (Map.Entry<Integer, GramAccumulator> e : accumulators.entrySet()) {
                out.put(e.getKey(), finish(e.getKey(), e.getValue(), shifts.get(e.getKey())));
            }
            return out;
        } finally {
            for (GramAccumulator a : opened) {
                a.close();
            }
        }
    }

    private static ClassMoments finish(int label, GramAccumulator acc, double[] shift) {
        long n = acc.count();
        int d = acc.dim();
        double[] sums = acc.columnSums();
        double[] g = acc.gram();
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
