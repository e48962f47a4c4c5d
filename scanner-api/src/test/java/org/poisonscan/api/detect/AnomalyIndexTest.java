package org.poisonscan.api.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyIndexTest {

    @Test
    void thresholdIsTheConfiguredOneUpToTenClassesAndRisesWithMore() {
        for (int k = 2; k <= AnomalyIndex.REFERENCE_CLASSES; k++) {
            assertEquals(3.0, AnomalyIndex.threshold(3.0, k));
        }
        assertEquals(3.64, AnomalyIndex.threshold(3.0, 100), 0.01);
        assertEquals(4.20, AnomalyIndex.threshold(3.0, 1000), 0.01);
        double previous = 3.0;
        for (int k = 11; k < 5000; k += 37) {
            double t = AnomalyIndex.threshold(3.0, k);
            assertTrue(t > previous, k + ": " + t);
            previous = t;
        }
    }

    @Test
    void manyCleanClassesRarelyProduceAnAnomalyAtTheAdjustedThreshold() {
        // 1,000 clean classes whose statistic is standard normal: a fixed 3.0 finds a false anomaly in most sets,
        // the adjusted threshold in about as few as 3.0 does among 10 classes (about 1.3%).
        Random r = new Random(7);
        int sets = 300;
        int fixedHits = 0;
        int adjustedHits = 0;
        double adjusted = AnomalyIndex.threshold(3.0, 1000);
        for (int s = 0; s < sets; s++) {
            double[] stats = new double[1000];
            for (int i = 0; i < stats.length; i++) {
                stats[i] = r.nextGaussian();
            }
            double max = java.util.Arrays.stream(AnomalyIndex.of(stats, 1e-9)).max().orElseThrow();
            fixedHits += max >= 3.0 ? 1 : 0;
            adjustedHits += max >= adjusted ? 1 : 0;
        }
        assertTrue(fixedHits > sets / 2, "fixed threshold: " + fixedHits);
        assertTrue(adjustedHits <= 0.05 * sets, "adjusted threshold: " + adjustedHits);
    }

    @Test
    void formatsWithOneDecimalWhenExact() {
        assertEquals("3.0", AnomalyIndex.format(3.0));
        assertEquals("3.64", AnomalyIndex.format(AnomalyIndex.threshold(3.0, 100)));
    }
}
