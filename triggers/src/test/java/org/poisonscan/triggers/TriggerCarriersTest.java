package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.ImageTriggerAnalysis;
import org.poisonscan.triggers.image.PixelTestSettings;
import org.poisonscan.triggers.image.TriggerCarriers;

/** Trigger carriers on synthetic bar images with a planted BadNets patch. */
class TriggerCarriersTest {
    private static final PixelTestSettings SETTINGS = new PixelTestSettings(0.01, 0.5, 199, 1);

    @Test
    void aHypothesisFromHalfThePoisonsFindsEveryCarrierAndNoCleanRow() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(2_000, 4, 0.2, 3);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 4);
        // A detector that found only every other poison, and flagged a few clean rows of the class too.
        boolean[] flags = new boolean[p.labels().length];
        int seen = 0;
        int falsePositives = 0;
        for (int i = 0; i < flags.length; i++) {
            if (p.poison()[i]) {
                flags[i] = seen++ % 2 == 0;
            } else if (p.labels()[i] == 0 && falsePositives < 10) {
                flags[i] = true;
                falsePositives++;
            }
        }
        ImageHypothesis h = ImageTriggerAnalysis.analyse(images, p.labels(), flags, 0, new int[] {1, 2, 3}, SETTINGS);
        assertTrue(h.significant(), h.describe());
        boolean[] carriers = TriggerCarriers.of(images, p.labels(), h);
        int poisons = 0;
        for (int i = 0; i < carriers.length; i++) {
            if (p.poison()[i]) {
                poisons++;
                assertTrue(carriers[i], "poison " + i + " carries the patch");
            } else {
                assertFalse(carriers[i], "clean row " + i + " (class " + p.labels()[i] + ")");
            }
        }
        assertTrue(poisons > 50, "poisons " + poisons);
    }

    /**
     * A black patch on a target class that is dark there anyway: against the pooled clean mean (bright, from the other
     * class) most clean rows of the class looked like carriers; against the class's own median none does.
     */
    @Test
    void aDarkPatchOnADarkClassMarksOnlyThePoisons() {
        int side = 6;
        int pixels = side * side;
        int n = 600;
        java.util.Random r = new java.util.Random(8);
        float[] values = new float[n * pixels];
        int[] labels = new int[n];
        boolean[] poison = new boolean[n];
        int[] box = {14, 15, 20, 21};
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            poison[i] = i % 20 == 1; // rows of class 1 relabelled to class 0 with the black patch
            double level = labels[i] == 0 ? 0.2 : 0.75;
            for (int p = 0; p < pixels; p++) {
                values[i * pixels + p] = (float) (level + 0.05 * r.nextGaussian());
            }
            if (poison[i]) {
                labels[i] = 0;
                for (int p : box) {
                    values[i * pixels + p] = 0;
                }
            }
        }
        ImageSet images = new ImageSet(values, n, side, side, 1);
        float[] pattern = new float[pixels];
        float[] pooled = new float[pixels];
        java.util.Arrays.fill(pooled, 0.48f);
        double[] ones = new double[pixels];
        java.util.Arrays.fill(ones, 1);
        ImageHypothesis h = new ImageHypothesis(0, 30, 300, 270, new int[] {1}, side, side, 1, new float[pixels],
                new float[pixels], ones, pattern, pooled, box, 0.01);
        boolean[] carriers = TriggerCarriers.of(images, labels, h);
        for (int i = 0; i < n; i++) {
            assertTrue(carriers[i] == poison[i], "row " + i + (poison[i] ? " carries the patch" : " is clean"));
        }
    }

    /** A checker is described by its range, not as one value beside a clean mean it happens to equal. */
    @Test
    void aNonUniformPatternIsDescribedByItsRange() {
        int pixels = 16;
        float[] checker = new float[pixels];
        float[] black = new float[pixels];
        float[] reference = new float[pixels];
        java.util.Arrays.fill(reference, 0.479f);
        int[] box = {5, 6, 9, 10};
        checker[5] = 1;
        checker[10] = 1;
        double[] ones = new double[pixels];
        ImageHypothesis c = new ImageHypothesis(0, 10, 100, 90, new int[] {1}, 4, 4, 1, new float[pixels],
                new float[pixels], ones, checker, reference, box, 0.01);
        assertTrue(c.describe().contains("set to a pattern of values 0.000 to 1.000 (mean 0.500, mean of clean rows:"
                + " 0.479"), c.describe());
        ImageHypothesis b = new ImageHypothesis(0, 10, 100, 90, new int[] {1}, 4, 4, 1, new float[pixels],
                new float[pixels], ones, black, reference, box, 0.01);
        assertTrue(b.describe().endsWith("set to 0.000 (mean of clean rows: 0.479; darker)"), b.describe());
    }

    @Test
    void anEmptyAreaMarksNothingAndShapesMustMatch() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(400, 4, 0.2, 5);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 6);
        int pixels = images.height() * images.width();
        double[] ones = new double[pixels];
        java.util.Arrays.fill(ones, 1);
        ImageHypothesis empty = new ImageHypothesis(0, 0, 0, 0, new int[] {}, images.height(), images.width(), 1,
                new float[pixels], new float[pixels], ones, new float[pixels], new float[pixels], new int[] {}, 0.01);
        for (boolean c : TriggerCarriers.of(images, p.labels(), empty)) {
            assertFalse(c);
        }
        ImageSet smaller = new ImageSet(new float[400 * 6 * 6], 400, 6, 6, 1);
        assertThrows(IllegalArgumentException.class, () -> TriggerCarriers.of(smaller, p.labels(), empty));
        assertThrows(IllegalArgumentException.class, () -> TriggerCarriers.of(images, new int[3], empty));
    }
}
