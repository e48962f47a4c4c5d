package org.poisonscan.api.scan;

import java.util.Arrays;
import java.util.List;
import org.poisonscan.api.data.Batch;

/** A {@link RowSink} that keeps every row's scores and final flag in memory, indexed by input row. */
public final class InMemoryRows implements RowSink {
    private List<String> detectors = List.of();
    private double[][] scores = new double[0][];
    private boolean[] flags = new boolean[0];
    private int size;

    @Override
    public void begin(List<String> detectorNames) {
        detectors = List.copyOf(detectorNames);
        scores = new double[detectors.size()][1024];
        flags = new boolean[1024];
        size = 0;
    }

    @Override
    public void accept(Batch batch, double[][] batchScores, boolean[] batchFlags) {
        for (int r = 0; r < batch.rows(); r++) {
            long row = batch.rowIndex()[r];
            if (row >= Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("InMemoryRows holds at most 2^31 rows; write scores to a file instead");
            }
            ensure((int) row + 1);
            flags[(int) row] = batchFlags[r];
            for (int d = 0; d < detectors.size(); d++) {
                scores[d][(int) row] = batchScores[d][r];
            }
            size = Math.max(size, (int) row + 1);
        }
    }

    private void ensure(int n) {
        if (n <= flags.length) {
            return;
        }
        int cap = Math.max(n, flags.length * 2);
        flags = Arrays.copyOf(flags, cap);
        for (int d = 0; d < scores.length; d++) {
            scores[d] = Arrays.copyOf(scores[d], cap);
        }
    }

    /** Rows recorded. */
    public int size() {
        return size;
    }

    /** The named detector's score per row (a copy). */
    public double[] scores(String detector) {
        int d = DetectorNames.indexOf(detectors, detector);
        return Arrays.copyOf(scores[d], size);
    }

    /** The final flag per row (a copy). */
    public boolean[] flags() {
        return Arrays.copyOf(flags, size);
    }
}
