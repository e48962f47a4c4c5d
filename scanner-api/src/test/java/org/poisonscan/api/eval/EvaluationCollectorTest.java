package org.poisonscan.api.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.Batch;

class EvaluationCollectorTest {
    @Test
    void aCollectorReusedForASecondScanGivesTheSameEvaluation() throws java.io.IOException {
        int rows = 3000;
        float[] features = new float[rows];
        int[] labels = new int[rows];
        long[] index = new long[rows];
        boolean[] poison = new boolean[rows];
        double[][] scores = new double[1][rows];
        boolean[] flags = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 3;
            index[i] = i;
            poison[i] = i % 30 == 0;
            flags[i] = i % 15 == 0;
            scores[0][i] = poison[i] ? 2 : (i % 7) / 7.0;
        }
        Batch batch = new Batch(features, rows, 1, labels, index, poison);
        EvaluationCollector collector = new EvaluationCollector();
        Metrics[] runs = new Metrics[2];
        for (int run = 0; run < 2; run++) {
            collector.begin(List.of("s"));
            // More rows than the collector's first capacity (1,024): it must grow every array on each scan.
            collector.accept(batch, scores, flags);
            collector.end();
            runs[run] = collector.evaluation().overall();
        }
        assertEquals(rows, runs[1].rows());
        assertEquals(100, runs[1].poisoned());
        assertEquals(100, runs[1].truePositives());
        assertEquals(runs[0], runs[1]);
    }
}
