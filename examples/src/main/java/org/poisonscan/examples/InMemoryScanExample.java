package org.poisonscan.examples;

import java.io.IOException;
import java.util.SplittableRandom;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.pipeline.PoisonScan;
import org.poisonscan.pipeline.ScanResult;

/**
 * Scans activations held in Java arrays, as training code has them: 4 classes of 600 rows x 16 dims, 30 rows of
 * class 0 shifted by 10 along one direction. The README's "From Java" snippet, runnable.
 */
public final class InMemoryScanExample {
    private InMemoryScanExample() {
    }

    /** Scans the arrays and returns the result; {@code main} prints it. */
    public static ScanResult scan(float[] features, int dim, int[] labels) throws IOException {
        ActivationSource source = new InMemorySource(features, dim, labels, null, "my activations");
        return PoisonScan.scan(source).runWithVerdicts();
    }

    public static void main(String[] args) throws IOException {
        int rows = 2_400;
        int dim = 16;
        float[] features = new float[rows * dim];
        int[] labels = new int[rows];
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 4;
            for (int k = 0; k < dim; k++) {
                features[r * dim + k] = (float) (random.nextGaussian() + (k == labels[r] ? 5 : 0));
            }
            if (labels[r] == 0 && r < 120) {
                features[r * dim + 7] += 10; // the poisons: rows 0, 4, ..., 116
            }
        }
        ScanResult result = scan(features, dim, labels);
        System.out.println("poisoned classes: " + result.report().poisonedClasses());
        System.out.println("flagged rows: " + result.verdicts().flaggedCount() + "; row 0 flagged: "
                + result.verdicts().flagged(0) + ", row 1 flagged: " + result.verdicts().flagged(1));
    }
}
