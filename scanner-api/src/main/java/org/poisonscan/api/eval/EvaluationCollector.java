package org.poisonscan.api.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.scan.RowSink;

/**
 * A {@link RowSink} that keeps labels, ground truth, flags and scores of every row (O(rows) memory) and computes an
 * {@link Evaluation} at the end. Only used when the source has ground truth.
 */
public final class EvaluationCollector implements RowSink {
    private List<String> detectors = List.of();
    private int[] labels = new int[1024];
    private boolean[] truth = new boolean[1024];
    private boolean[] flags = new boolean[1024];
    private double[][] scores = new double[0][];
    private int n;

    @Override
    public void begin(List<String> detectorNames) {
        // Every array starts again at one size: a collector reused for another scan must grow them all together.
        detectors = List.copyOf(detectorNames);
        labels = new int[1024];
        truth = new boolean[1024];
        flags = new boolean[1024];
        scores = new double[detectors.size()][1024];
        n = 0;
    }

    @Override
    public void accept(Batch batch, double[][] batchScores, boolean[] batchFlags) {
        if (!batch.hasGroundTruth()) {
            throw new IllegalStateException("evaluation needs ground truth in every batch");
        }
        ensure(n + batch.rows());
        for (int r = 0; r < batch.rows(); r++) {
            labels[n + r] = batch.labels()[r];
            truth[n + r] = batch.poison()[r];
            flags[n + r] = batchFlags[r];
            for (int d = 0; d < detectors.size(); d++) {
                scores[d][n + r] = batchScores[d][r];
            }
        }
        n += batch.rows();
    }

    private void ensure(int size) {
        if (size <= labels.length) {
            return;
        }
        int cap = Math.max(size, labels.length * 2);
        labels = Arrays.copyOf(labels, cap);
        truth = Arrays.copyOf(truth, cap);
        flags = Arrays.copyOf(flags, cap);
        for (int d = 0; d < scores.length; d++) {
            scores[d] = Arrays.copyOf(scores[d], cap);
        }
    }

    /** The evaluation of all rows seen. */
    public Evaluation evaluation() {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Map<Integer, int[]> byClass = new TreeMap<>();
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(labels[i], 1, Integer::sum);
        }
        Map<Integer, Integer> fill = new TreeMap<>();
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            byClass.put(e.getKey(), new int[e.getValue()]);
            fill.put(e.getKey(), 0);
        }
        for (int i = 0; i < n; i++) {
            int pos = fill.merge(labels[i], 1, Integer::sum) - 1;
            byClass.get(labels[i])[pos] = i;
        }
        Map<Integer, Metrics> perClass = new LinkedHashMap<>();
        for (Map.Entry<Integer, int[]> e : byClass.entrySet()) {
            perClass.put(e.getKey(), metrics(e.getValue()));
        }
        return new Evaluation(metrics(all), perClass);
    }

    private Metrics metrics(int[] rows) {
        long poisoned = 0;
        long tp = 0;
        long fp = 0;
        for (int i : rows) {
            if (truth[i]) {
                poisoned++;
            }
            if (flags[i]) {
                if (truth[i]) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        long clean = rows.length - poisoned;
        double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
        double recall = poisoned == 0 ? Double.NaN : (double) tp / poisoned;
        double fpr = clean == 0 ? Double.NaN : (double) fp / clean;
        Map<String, Double> auroc = new LinkedHashMap<>();
        boolean[] t = new boolean[rows.length];
        for (int k = 0; k < rows.length; k++) {
            t[k] = truth[rows[k]];
        }
        for (int d = 0; d < detectors.size(); d++) {
            double[] s = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                s[k] = scores[d][rows[k]];
            }
            auroc.put(detectors.get(d), Auroc.of(s, t, rows.length));
        }
        return new Metrics(rows.length, poisoned, tp, fp, precision, recall, fpr, auroc);
    }
}
