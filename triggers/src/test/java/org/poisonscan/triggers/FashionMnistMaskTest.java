package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.djl.IdxImages;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.djl.Poisoning;
import org.poisonscan.djl.Trigger;
import org.poisonscan.triggers.image.ImageHypothesis;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.ImageTriggerAnalysis;
import org.poisonscan.triggers.image.MaskScore;
import org.poisonscan.triggers.image.PixelTestSettings;
import org.poisonscan.triggers.source.NearestCentroids;
import org.poisonscan.triggers.source.SourceClasses;

/**
 * The image statistics on real Fashion-MNIST pixels without training: BadNets poisons (3x3 white patch bottom-right,
 * target 0) flagged together with three times as many of the target class's most unusual clean rows (a detector at
 * 25% precision), and clean data with random flags. Needs Debian's {@code dataset-fashion-mnist}.
 */
class FashionMnistMaskTest {
    private static final int ROWS = 12_000;

    private static LabelledTensors train() throws IOException {
        assumeTrue(Files.isRegularFile(IdxImages.DEBIAN_FASHION_MNIST.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing at " + IdxImages.DEBIAN_FASHION_MNIST
                        + ": install it with apt-get install -y dataset-fashion-mnist");
        return IdxImages.train(IdxImages.DEBIAN_FASHION_MNIST).head(ROWS);
    }

    private static ImageSet images(LabelledTensors t) {
        return new ImageSet(t.values(), t.size(), 28, 28, 1);
    }

    @Test
    void badNetsPatchIsTheTopOfTheMaskEvenAtQuarterPrecisionWithOutlierFalsePositives() throws IOException {
        LabelledTensors clean = train();
        Poisoning poisoning = new Poisoning(Trigger.badNets(3), 0);
        Poisoning.Poisoned poisoned = poisoning.poison(clean, 0.1, 43);
        int[] labels = poisoned.data().labels();
        boolean[] flags = poisoned.poison();
        ImageSet images = images(poisoned.data());
        // False positives as a detector makes them: the class's most unusual clean rows (farthest from its mean), three
        // per poison, a coherent subgroup that differs from the rest of the class in shape.
        int[] cleanTarget = java.util.stream.IntStream.range(0, labels.length)
                .filter(i -> labels[i] == 0 && !flags[i]).toArray();
        double[] mean = new double[784];
        for (int i : cleanTarget) {
            for (int p = 0; p < 784; p++) {
                mean[p] += images.value(i, p, 0) / cleanTarget.length;
            }
        }
        double[] distance = new double[labels.length];
        for (int i : cleanTarget) {
            for (int p = 0; p < 784; p++) {
                distance[i] += Math.pow(images.value(i, p, 0) - mean[p], 2);
            }
        }
        java.util.Arrays.stream(cleanTarget).boxed().sorted((a, b) -> Double.compare(distance[b], distance[a]))
                .limit(3L * poisoned.count()).forEach(i -> flags[i] = true);
        SourceClasses sources = NearestCentroids.analyse(images.values(), images.imageSize(), labels, flags, 0, 0.05,
                "pixels");
        ImageHypothesis h = ImageTriggerAnalysis.analyse(images, labels, flags, 0, sources.sources(),
                PixelTestSettings.defaults());
        double jaccard = MaskScore.topKJaccard(h.mask(), MaskScore.bottomRightSquare(3, 28, 28));
        System.out.printf("Fashion-MNIST mask at 25%% precision: top-9 Jaccard %.3f, area %d, %s, sources %s%n",
                jaccard, h.area().length, h.describe(), java.util.Arrays.toString(sources.sources()));
        assertTrue(jaccard >= 0.8, "top-9 Jaccard " + jaccard);
        assertTrue(h.significant());
        int[] box = h.boundingBox();
        assertEquals(27, box[2]);
        assertEquals(27, box[3]);
    }

    @Test
    void randomFlagsOnCleanFashionMnistGiveNoSignificantPixel() throws IOException {
        LabelledTensors clean = train();
        ImageSet images = images(clean);
        int[] labels = clean.labels();
        int significant = 0;
        for (int seed = 0; seed < 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            boolean[] flags = new boolean[labels.length];
            int target = seed % 10;
            for (int i = 0; i < labels.length; i++) {
                flags[i] = labels[i] == target && random.nextDouble() < 0.1;
            }
            ImageHypothesis h = ImageTriggerAnalysis.analyse(images, labels, flags, target,
                    java.util.stream.IntStream.range(0, 10).filter(c -> c != target).toArray(),
                    PixelTestSettings.defaults());
            System.out.printf("clean class %d, random flags: smallest adjusted p %.3g%n", target, h.pValue());
            significant += h.significant() ? 1 : 0;
        }
        assertTrue(significant <= 1, significant + " of 10 random flag sets gave a significant pixel");
    }
}
