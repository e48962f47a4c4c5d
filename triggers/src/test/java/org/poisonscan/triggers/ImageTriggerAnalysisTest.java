package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.ImageTriggerAnalysis;
import org.poisonscan.triggers.image.MaskScore;
import org.poisonscan.triggers.image.PixelTestSettings;
import org.poisonscan.triggers.source.NearestCentroids;
import org.poisonscan.triggers.source.SourceClasses;
import org.poisonscan.triggers.verify.ImageVerifier;
import org.poisonscan.triggers.verify.Verification;

/** The image statistics on synthetic bar images with a planted BadNets patch. */
class ImageTriggerAnalysisTest {
    private static final int N = 2_000;
    private static final PixelTestSettings SETTINGS = new PixelTestSettings(0.01, 0.5, 199, 1);
    private static final int[] OTHERS = {1, 2, 3};

    @Test
    void findsThePatchAndItsSourcesDespiteFalsePositives() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(N, 4, 0.2, 3);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 4);
        boolean[] flags = p.poison();
        addFalsePositives(p.labels(), flags, 40, 5);
        SourceClasses sources = NearestCentroids.analyse(images.values(), images.imageSize(), p.labels(), flags, 0,
                0.05, "pixels");
        assertTrue(sources.estimated());
        assertEquals(java.util.Set.of(1, 2, 3), java.util.Arrays.stream(sources.sources()).boxed()
                .collect(java.util.stream.Collectors.toSet()));
        ImageHypothesis h = ImageTriggerAnalysis.analyse(images, p.labels(), flags, 0, sources.sources(), SETTINGS);
        int[] patch = MaskScore.bottomRightSquare(3, 12, 12);
        assertEquals(1.0, MaskScore.topKJaccard(h.mask(), patch), 1e-12, h.describe());
        assertArrayEquals(patch, h.area(), h.describe());
        assertArrayEquals(new int[] {9, 9, 11, 11}, h.boundingBox());
        assertTrue(h.significant());
        assertTrue(h.pValue() < 0.01, "p " + h.pValue());
        assertEquals(1.0, h.areaPatternMean(), 0.01, h.describe());
        assertTrue(h.areaReferenceMean() < 0.25, h.describe());
        assertTrue(h.describe().contains("rows 9-11, columns 9-11"), h.describe());
        // The bars of the source classes differ from class 0 but not from the sources: outside the mask.
        for (int c = 0; c < 12; c++) {
            assertEquals(0f, h.mask()[3 * 12 + c], "row 3 (class 1's bar) column " + c);
        }
    }

    @Test
    void aColourPatchIsFoundOnItsChannel() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(N, 4, 0.2, 6);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 3, 7);
        ImageHypothesis h = ImageTriggerAnalysis.analyse(images, p.labels(), p.poison(), 0, OTHERS, SETTINGS);
        assertEquals(1.0, MaskScore.topKJaccard(h.mask(), MaskScore.bottomRightSquare(3, 12, 12)), 1e-12);
        assertEquals(3 * 144, h.pattern().length);
        assertTrue(h.pattern()[(11 * 12 + 11) * 3] > 0.99f, "red channel of the patch");
    }

    @Test
    void randomFlagsOnCleanImagesGiveNoSignificantPixel() {
        int[] labels = new SplittableRandom(8).ints(N, 0, 4).toArray();
        ImageSet images = SyntheticImages.images(labels, null, null, 1, 9);
        int significant = 0;
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(100 + seed);
            boolean[] flags = new boolean[N];
            for (int i = 0; i < N; i++) {
                flags[i] = labels[i] == seed % 4 && random.nextDouble() < 0.1;
            }
            int target = seed % 4;
            ImageHypothesis h = ImageTriggerAnalysis.analyse(images, labels, flags, target,
                    IntStream.range(0, 4).filter(c -> c != target).toArray(),
                    new PixelTestSettings(0.01, 0.5, 199, seed));
            significant += h.significant() ? 1 : 0;
            assertEquals(h.significant(), h.pValue() < 0.01);
        }
        // Family-wise error at most 1% per set: 20 sets give none in 82% of runs, at most 1 in 98%.
        assertTrue(significant <= 1, significant + " of 20 clean flag sets gave a significant pixel");
    }

    @Test
    void stampingTheHypothesisFlipsAModelThatLearntThePatch() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(N, 4, 0.2, 10);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 11);
        ImageHypothesis h = ImageTriggerAnalysis.analyse(images, p.labels(), p.poison(), 0, OTHERS, SETTINGS);
        // A "backdoored model": class 0 when the bottom-right pixel is bright, else the bar's class.
        int[] rows = org.poisonscan.triggers.verify.CleanRows.ofOtherClasses(p.labels(), p.poison(), 0, 300, 1);
        Verification v = ImageVerifier.verify(images, rows, h, (values, n, height, width, channels) -> {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                int base = i * height * width;
                if (values[base + height * width - 1] > 0.9f) {
                    continue;
                }
                int best = 0;
                for (int r = 1; r < height; r++) {
                    if (values[base + r * width] > values[base + best * width]) {
                        best = r;
                    }
                }
                out[i] = Math.max(0, (best - 1) / 2);
            }
            return out;
        });
        assertEquals(300, v.inputs());
        assertEquals(1.0, v.flipRate(), 1e-12);
        assertTrue(v.baselineRate() < 0.1, "baseline " + v.baselineRate());
        assertEquals(300 - v.baselineTarget(), v.switched());
    }

    @Test
    void refusesAClassWithoutEnoughRows() {
        int[] labels = {0, 0, 1, 1};
        ImageSet images = SyntheticImages.images(labels, null, null, 1, 1);
        boolean[] flags = {true, false, false, false};
        assertThrows(IllegalArgumentException.class,
                () -> ImageTriggerAnalysis.analyse(images, labels, flags, 0, new int[] {1}, SETTINGS));
        assertFalse(new SourceClasses("none", 0, 0, java.util.Map.of(), new int[0], false).estimated());
    }

    private static void addFalsePositives(int[] labels, boolean[] flags, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int added = 0;
        while (added < count) {
            int i = random.nextInt(labels.length);
            if (labels[i] == 0 && !flags[i]) {
                flags[i] = true;
                added++;
            }
        }
    }
}
