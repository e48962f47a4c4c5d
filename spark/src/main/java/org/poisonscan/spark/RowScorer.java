package org.poisonscan.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.PortableFittedDetector;

/**
 * Scores one partition for {@link PoisonScanModel#transform}: reads rows in blocks of {@link SparkInput#BLOCK_ROWS},
 * scores each block with every fitted detector (bound to this task's backend, since fitted detectors are not
 * thread-safe) and emits each input row with its scores, final flag and class verdict appended.
 */
final class RowScorer implements Iterator<Row> {
    private final Iterator<Row> input;
    private final RowDecoder decoder;
    private final List<PortableFittedDetector> detectors = new ArrayList<>();
    private final Map<Integer, String> verdicts;
    private final List<Row> block = new ArrayList<>();
    private final float[] features;
    private final int[] labels = new int[SparkInput.BLOCK_ROWS];
    private final long[] positions = new long[SparkInput.BLOCK_ROWS];
    private final double[][] scores;
    private final boolean[][] flags;
    private final boolean[] any = new boolean[SparkInput.BLOCK_ROWS];
    private final org.poisonscan.api.scan.Escalation escalation;
    private long position;
    private int next;

    RowScorer(Iterator<Row> input, RowDecoder decoder, List<PortableFittedDetector> fitted, ComputeBackend backend,
            Map<Integer, String> verdicts, org.poisonscan.api.scan.Escalation escalation) {
        this.input = input;
        this.decoder = decoder;
        this.verdicts = verdicts;
        for (PortableFittedDetector f : fitted) {
            detectors.add(f.bind(backend));
        }
        this.features = new float[SparkInput.BLOCK_ROWS * decoder.dim()];
        this.scores = new double[fitted.size()][SparkInput.BLOCK_ROWS];
        this.flags = new boolean[fitted.size()][SparkInput.BLOCK_ROWS];
        this.escalation = escalation;
    }

    @Override
    public boolean hasNext() {
        if (next < block.size()) {
            return true;
        }
        if (!input.hasNext()) {
            return false;
        }
        fill();
        return true;
    }

    private void fill() {
        block.clear();
        next = 0;
        int dim = decoder.dim();
        int partition = org.apache.spark.TaskContext.getPartitionId();
        while (block.size() < SparkInput.BLOCK_ROWS && input.hasNext()) {
            Row r = input.next();
            int n = block.size();
            long local = position++;
            java.util.function.Supplier<String> where = () -> "row " + local + " of partition " + partition;
            decoder.features(r, features, n * dim, where);
            labels[n] = decoder.label(r, where);
            positions[n] = local;
            block.add(r);
        }
        int n = block.size();
        Batch batch = new Batch(features, n, dim, labels, positions, null);
        for (int d = 0; d < detectors.size(); d++) {
            detectors.get(d).score(batch, scores[d], flags[d]);
        }
        org.poisonscan.api.scan.CombinationRule.combine(labels, n, detectors, scores, flags, escalation, any);
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int i = next++;
        Row r = block.get(i);
        int width = r.length();
        Object[] values = new Object[width + detectors.size() + 2];
        for (int c = 0; c < width; c++) {
            values[c] = r.get(c);
        }
        for (int d = 0; d < detectors.size(); d++) {
            double s = scores[d][i];
            values[width + d] = Double.isNaN(s) ? null : s;
        }
        values[width + detectors.size()] = any[i];
        values[width + detectors.size() + 1] = verdicts.get(labels[i]);
        return RowFactory.create(values);
    }
}
