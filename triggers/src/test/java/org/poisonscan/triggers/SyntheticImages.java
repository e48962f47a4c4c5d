package org.poisonscan.triggers;

import java.util.SplittableRandom;
import org.poisonscan.triggers.image.ImageSet;

/**
 * Small synthetic images for tests that always run: each class is a bright horizontal bar at its own height over
 * uniform noise, 8-bit quantised in [0, 1]; a poisoned image is an image of another class with a 3 x 3 white patch in
 * the bottom-right corner (BadNets).
 */
final class SyntheticImages {
    static final int SIZE = 12;
    static final int PATCH = 3;

    private SyntheticImages() {
    }

    /**
     * Images for {@code labels}; rows marked in {@code poison} show class {@code source[i]} and carry the patch.
     *
     * @param channels 1 (grey) or 3 (the patch is red: channel 0 only)
     */
    static ImageSet images(int[] labels, boolean[] poison, int[] source, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = labels.length;
        float[] v = new float[n * SIZE * SIZE * channels];
        for (int i = 0; i < n; i++) {
            int shown = poison != null && poison[i] ? source[i] : labels[i];
            int bar = 1 + 2 * shown;
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    for (int k = 0; k < channels; k++) {
                        double x = 0.35 * random.nextDouble();
                        if (r == bar || r == bar + 1) {
                            x += 0.5 + 0.1 * random.nextDouble();
                        }
                        if (poison != null && poison[i] && r >= SIZE - PATCH && c >= SIZE - PATCH
                                && (channels == 1 || k == 0)) {
                            x = 1;
                        }
                        v[((i * SIZE + r) * SIZE + c) * channels + k] = Math.round(Math.min(1, x) * 255) / 255f;
                    }
                }
            }
        }
        return new ImageSet(v, n, SIZE, SIZE, channels);
    }

    /** A poisoned set: labels uniform over {@code classes}; {@code rate} of class 0's size drawn from others. */
    static Poisoned poisoned(int n, int classes, double rate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(classes);
        }
        int target = (int) java.util.Arrays.stream(labels).filter(l -> l == 0).count();
        int count = (int) Math.round(rate * target);
        boolean[] poison = new boolean[n];
        int[] source = new int[n];
        int made = 0;
        while (made < count) {
            int i = random.nextInt(n);
            if (labels[i] != 0 && !poison[i]) {
                poison[i] = true;
                source[i] = labels[i];
                labels[i] = 0;
                made++;
            }
        }
        return new Poisoned(labels, poison, source);
    }

    /** Labels after poisoning, the ground truth and each poison's source class. */
    record Poisoned(int[] labels, boolean[] poison, int[] source) {
    }
}
