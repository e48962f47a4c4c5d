package org.poisonscan.triggers.image;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.poisonscan.triggers.stats.BenjaminiHochberg;
import org.poisonscan.triggers.stats.WelchTest;

/**
 * Hypothesises an image trigger from per-pixel statistics of the flagged rows of a target class.
 *
 * <p>The literature's recipe (mean of flagged minus mean of clean rows of the same class, per-pixel t-statistics) is
 * weak on its own: dirty-label poisons come from other (source) classes, so the difference also holds the source
 * classes' shapes, and a detector's false positives (unusual clean rows of the class) dilute the flagged group. This
 * implementation keeps what makes a trigger stand out:
 * <ol>
 *   <li><b>Two references, both must differ</b> (an intersection-union test): per pixel and channel, Welch's t-test of
 *       the flagged rows against the clean rows of the target class, and against the clean rows of the source
 *       classes; the pixel's p-value is the larger of the two when both differences have the same sign, else 1.
 *       Source-class shapes differ from the target class but not from the sources; a trigger differs from both.
 *       Benjamini-Hochberg then corrects over every pixel and channel, so on clean data (flags unrelated to any
 *       trigger) no pixel passes at level alpha except by the design rate.</li>
 *   <li><b>Effect relative to clean variation</b> (Glass's delta): the mask ranks significant pixels by
 *       {@code (mean flagged - mean reference) / sd reference}, the reference being the clean rows of the target and
 *       source classes together. A trigger writes a value that clean images rarely hold at that place (the dark
 *       corner of every Fashion-MNIST class), so its pixels get large values; shape pixels vary a lot in the
 *       reference and get small ones. Unlike a t-statistic, this does not shrink when false positives inflate the
 *       flagged group's variance.</li>
 * </ol>
 * A variance floor of {@code (range/255)^2/12} (the quantisation noise of 8-bit images) keeps constant pixels finite.
 * The area is the set of significant pixels whose effect is at least {@code areaFraction} of the largest.
 *
 * <p>Weak when the trigger is spread over the whole image at low amplitude (Blend): the mask is then diffuse and its
 * area meaningless; the per-pixel evidence is still reported.
 */
public final class ImageTriggerAnalysis {
    private ImageTriggerAnalysis() {
    }

    /**
     * Analyses one target class.
     *
     * @param images the raw inputs, row-aligned with {@code labels} and {@code flagged}
     * @param labels the scanned label per row
     * @param flagged the scan's flag per row
     * @param target the class whose flagged rows are analysed
     * @param sourceClasses the source classes (their clean rows form the second reference; may be empty)
     * @param alpha significance level of the adjusted p-values, in (0, 1)
     * @param areaFraction share of the largest effect a significant pixel needs to be in the area, in (0, 1]
     * @throws IllegalArgumentException when the class has fewer than 2 flagged or 2 clean rows
     */
    public static ImageHypothesis analyse(ImageSet images, int[] labels, boolean[] flagged, int target,
            int[] sourceClasses, double alpha, double areaFraction) {
        if (labels.length != images.n() || flagged.length != images.n()) {
            throw new IllegalArgumentException(images.n() + " images for " + labels.length + " labels and "
                    + flagged.length + " flags");
        }
        boolean[] isSource = new boolean[Arrays.stream(labels).max().orElse(0) + 1];
        for (int s : sourceClasses) {
            if (s != target && s >= 0 && s < isSource.length) {
                isSource[s] = true;
            }
        }
        int[] f = IntStream.range(0, labels.length).filter(i -> labels[i] == target && flagged[i]).toArray();
        int[] t = IntStream.range(0, labels.length).filter(i -> labels[i] == target && !flagged[i]).toArray();
        int[] s = IntStream.range(0, labels.length).filter(i -> !flagged[i] && isSource[labels[i]]).toArray();
        if (f.length < 2 || t.length < 2) {
            throw new IllegalArgumentException("class " + target + " has " + f.length + " flagged and " + t.length
                    + " clean rows; need at least 2 of each");
        }
        PixelMoments mf = PixelMoments.of(images, f);
        PixelMoments mt = PixelMoments.of(images, t);
        PixelMoments ms = PixelMoments.of(images, s);
        PixelMoments ref = PixelMoments.pool(mt, ms);
        float[] range = images.range();
        double step = (range[1] - range[0]) / 255.0;
        double floor = step > 0 ? step * step / 12 : 1e-12;

        int size = images.imageSize();
        double[] p = new double[size];
        double[] delta = new double[size];
        for (int j = 0; j < size; j++) {
            double vf = mf.variance[j] + floor;
            WelchTest.Result w1 = WelchTest.test(mf.mean[j], vf, mf.count, mt.mean[j], mt.variance[j] + floor,
                    mt.count);
            double pj = w1.p();
            if (ms.count >= 2) {
                WelchTest.Result w2 = WelchTest.test(mf.mean[j], vf, mf.count, ms.mean[j], ms.variance[j] + floor,
                        ms.count);
                pj = Math.signum(w1.t()) == Math.signum(w2.t()) && w1.t() != 0 ? Math.max(pj, w2.p()) : 1;
            }
            p[j] = pj;
            delta[j] = (mf.mean[j] - ref.mean[j]) / Math.sqrt(ref.variance[j] + floor);
        }
        double[] adjusted = BenjaminiHochberg.adjust(p);

        int pixels = images.pixels();
        int channels = images.channels();
        float[] effect = new float[pixels];
        double[] pixelP = new double[pixels];
        double maxSignificant = 0;
        for (int px = 0; px < pixels; px++) {
            double best = 0;
            double bestP = 1;
            for (int c = 0; c < channels; c++) {
                int j = px * channels + c;
                if (Math.abs(delta[j]) > Math.abs(best)) {
                    best = delta[j];
                }
                bestP = Math.min(bestP, adjusted[j]);
            }
            effect[px] = (float) best;
            pixelP[px] = bestP;
            if (bestP < alpha) {
                maxSignificant = Math.max(maxSignificant, Math.abs(best));
            }
        }
        float[] mask = new float[pixels];
        for (int px = 0; px < pixels; px++) {
            mask[px] = pixelP[px] < alpha && maxSignificant > 0 ? (float) (Math.abs(effect[px]) / maxSignificant) : 0f;
        }
        int[] area = IntStream.range(0, pixels).filter(px -> pixelP[px] < alpha && mask[px] >= areaFraction)
                .toArray();
        return new ImageHypothesis(target, f.length, t.length, s.length, sourceClasses, images.height(),
                images.width(), channels, mask, effect, pixelP, toFloat(mf.mean), toFloat(ref.mean), area, alpha);
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
