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
 * classes' shapes; a detector's false positives (unusual clean rows of the class) dilute the flagged group; and pixel
 * values are far from normal, so t-distribution p-values are wrong in the tails. This implementation:
 * <ol>
 *   <li><b>Two references, both must differ</b> (an intersection-union test): per pixel and channel, the flagged rows
 *       against the clean rows of the target class (Welch t, family-wise adjusted by a max-T permutation test,
 *       {@link MaxTPermutation}: exact for any pixel distribution), and against the clean rows of the source classes
 *       (Welch t, Benjamini-Hochberg adjusted); the pixel's adjusted p-value is the larger of the two when both
 *       differences have the same sign, else 1. Source-class shapes differ from the target class but not from the
 *       sources; a trigger differs from both. On clean data with flags unrelated to the pixels, a pixel falls below
 *       alpha with probability at most alpha.</li>
 *   <li><b>Mask = the flagged rows' excess mass in the tail of BOTH references</b> ({@link ExcessMass}, a
 *       one-sided Kolmogorov-Smirnov distance restricted to the reference's 1% tail; the smaller of the two) at every
 *       significant pixel, 0 elsewhere. At a trigger's pixels both are about the poisons' share of the flagged rows:
 *       the trigger's value is rare in every clean class. A source class's shape is common in the source reference;
 *       a detector's false positives are unusual rows of the target class whose values are still common among clean
 *       rows. On full Fashion-MNIST, where 72% of the flagged class-0 rows were false positives, both unrestricted
 *       distances ranked shape pixels above the patch. The measure tolerates the poisons a scan misses (they stay in
 *       the target's "clean" rows): with half of them missed the patch still stood out. The effect size reported
 *       beside it is Glass's delta against the clean target and source rows.</li>
 * </ol>
 * A variance floor of {@code (range/255)^2/12} (the quantisation noise of 8-bit images) keeps constant pixels finite.
 * The area is the set of significant pixels whose mask value is at least {@code areaFraction} of the largest.
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
     * @param sourceClasses the possible source classes, whose clean rows form the second reference (may be empty;
     *     {@code ImageTriggers} passes every other class, so that a wrong source estimate cannot bias the mask)
     * @param settings significance level, area threshold, permutations and seed
     * @throws IllegalArgumentException when the class has fewer than 2 flagged or 2 clean rows
     */
    public static ImageHypothesis analyse(ImageSet images, int[] labels, boolean[] flagged, int target,
            int[] sourceClasses, PixelTestSettings settings) {
        if (labels.length != images.n() || flagged.length != images.n()) {
            throw new IllegalArgumentException(images.n() + " images for " + labels.length + " labels and "
                    + flagged.length + " flags");
        }
        boolean[] isSource = new boolean[Math.max(Arrays.stream(labels).max().orElse(0), target) + 1];
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
        double[] absT = new double[size];
        double[] signT = new double[size];
        double[] pSource = new double[size];
        double[] signS = new double[size];
        double[] delta = new double[size];
        boolean[] above = new boolean[size];
        for (int j = 0; j < size; j++) {
            double vf = mf.variance[j] + floor;
            WelchTest.Result w1 = WelchTest.test(mf.mean[j], vf, mf.count, mt.mean[j], mt.variance[j] + floor,
                    mt.count);
            absT[j] = Math.abs(w1.t());
            signT[j] = Math.signum(w1.t());
            if (ms.count >= 2) {
                WelchTest.Result w2 = WelchTest.test(mf.mean[j], vf, mf.count, ms.mean[j], ms.variance[j] + floor,
                        ms.count);
                pSource[j] = w2.p();
                signS[j] = Math.signum(w2.t());
            }
            delta[j] = (mf.mean[j] - ref.mean[j]) / Math.sqrt(ref.variance[j] + floor);
            above[j] = mf.mean[j] >= ref.mean[j];
        }
        double[] pTarget = MaxTPermutation.adjusted(images, f, t, floor, absT, settings.permutations(),
                settings.seed());
        double[] pSourceAdjusted = ms.count >= 2 ? BenjaminiHochberg.adjust(pSource) : null;
        double[] adjusted = new double[size];
        for (int j = 0; j < size; j++) {
            if (pSourceAdjusted == null) {
                adjusted[j] = pTarget[j];
            } else {
                boolean agree = signT[j] != 0 && signT[j] == signS[j];
                adjusted[j] = agree ? Math.max(pTarget[j], pSourceAdjusted[j]) : 1;
            }
        }
        ExcessMass.Result vsTarget = ExcessMass.distances(images, f, t, above);
        double[] exceed = vsTarget.distance().clone();
        double[] stamp = vsTarget.tailMean().clone();
        if (s.length > 0) {
            ExcessMass.Result vsSource = ExcessMass.distances(images, f, s, above);
            for (int j = 0; j < size; j++) {
                if (vsSource.distance()[j] < exceed[j]) {
                    exceed[j] = vsSource.distance()[j];
                    stamp[j] = vsSource.tailMean()[j];
                }
            }
        }
        for (int j = 0; j < size; j++) {
            if (Double.isNaN(stamp[j])) {
                stamp[j] = mf.mean[j];
            }
        }

        int pixels = images.pixels();
        int channels = images.channels();
        float[] effect = new float[pixels];
        double[] pixelP = new double[pixels];
        float[] mask = new float[pixels];
        float maxMask = 0;
        for (int px = 0; px < pixels; px++) {
            double best = 0;
            double bestP = 1;
            double bestMask = 0;
            for (int c = 0; c < channels; c++) {
                int j = px * channels + c;
                if (Math.abs(delta[j]) > Math.abs(best)) {
                    best = delta[j];
                }
                bestP = Math.min(bestP, adjusted[j]);
                if (adjusted[j] < settings.alpha()) {
                    bestMask = Math.max(bestMask, exceed[j]);
                }
            }
            effect[px] = (float) best;
            pixelP[px] = bestP;
            mask[px] = (float) bestMask;
            maxMask = Math.max(maxMask, mask[px]);
        }
        float threshold = (float) (settings.areaFraction() * maxMask);
        int[] area = IntStream.range(0, pixels)
                .filter(px -> pixelP[px] < settings.alpha() && mask[px] > 0 && mask[px] >= threshold).toArray();
        // The pattern: what a flagged image looks like (the flagged mean), with the trigger's value inside the area.
        double[] pattern = mf.mean.clone();
        for (int px : area) {
            for (int c = 0; c < channels; c++) {
                pattern[px * channels + c] = stamp[px * channels + c];
            }
        }
        return new ImageHypothesis(target, f.length, t.length, s.length, sourceClasses, images.height(),
                images.width(), channels, mask, effect, pixelP, toFloat(pattern), toFloat(ref.mean), area,
                settings.alpha());
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
