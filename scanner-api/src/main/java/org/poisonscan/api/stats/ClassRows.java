package org.poisonscan.api.stats;

import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.data.Batch;

/** The positions of each class's rows within one batch, in ascending label order. */
public final class ClassRows {
    private ClassRows() {
    }

    /** Maps each label present in the batch to the positions of its rows, in batch order. */
    public static Map<Integer, int[]> of(Batch batch) {
        Map<Integer, int[]> counts = new TreeMap<>();
        int[] labels = batch.labels();
        for (int r = 0; r < batch.rows(); r++) {
            counts.computeIfAbsent(labels[r], k -> new int[1])[0]++;
        }
        Map<Integer, int[]> positions = new TreeMap<>();
        Map<Integer, int[]> fill = new TreeMap<>();
        for (Map.Entry<Integer, int[]> e : counts.entrySet()) {
            positions.put(e.getKey(), new int[e.getValue()[0]]);
            fill.put(e.getKey(), new int[1]);
        }
        for (int r = 0; r < batch.rows(); r++) {
            int[] f = fill.get(labels[r]);
            positions.get(labels[r])[f[0]++] = r;
        }
        return positions;
    }

    /** Copies the given rows of a batch into a contiguous row-major block (reusing {@code buffer} when it fits). */
    public static float[] gather(Batch batch, int[] rows, float[] buffer) {
        int d = batch.dim();
        float[] out = buffer != null && buffer.length >= rows.length * d ? buffer : new float[rows.length * d];
        float[] f = batch.features();
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(f, rows[k] * d, out, k * d, d);
        }
        return out;
    }

    /** Scores the rows of one class of a batch (see {@link #scoreByClass}). */
    @FunctionalInterface
    public interface ClassScorer<M> {
        /**
         * @param model the class's fitted model
         * @param rows positions of the class's rows in the batch
         */
        void score(M model, int[] rows);
    }

    /**
     * The per-class scoring loop every fitted detector shares: marks every row of the batch unscored ({@code NaN},
     * not flagged), then hands each class that has a model its rows.
     */
    public static <M> void scoreByClass(Batch batch, Map<Integer, M> models, double[] scores, boolean[] flags,
            ClassScorer<M> scorer) {
        java.util.Arrays.fill(scores, 0, batch.rows(), Double.NaN);
        java.util.Arrays.fill(flags, 0, batch.rows(), false);
        for (Map.Entry<Integer, int[]> e : of(batch).entrySet()) {
            M model = models.get(e.getKey());
            if (model != null) {
                scorer.score(model, e.getValue());
            }
        }
    }
}
