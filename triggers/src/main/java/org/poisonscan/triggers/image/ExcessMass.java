package org.poisonscan.triggers.image;

import java.util.Arrays;

/**
 * How much of the flagged rows' distribution at a pixel lies in the reference's extreme tail, beyond what the
 * reference itself puts there: {@code sup over c >= q_{1-tail} of P_flagged(X >= c) - P_reference(X >= c)} (or the
 * mirror image below {@code q_tail} when the flagged mean is below the reference's), a one-sided Kolmogorov-Smirnov
 * distance restricted to the tail. A trigger writes into every poisoned image a value clean images rarely hold there,
 * so at its pixels the distance is about the poisons' share of the flagged rows. Restricting to the tail is what keeps
 * a detector's false positives out: they are unusual rows of their class, shifted in shape but with values clean rows
 * commonly hold; on full Fashion-MNIST their shift (72% of the flagged class-0 rows) outweighed the patch under the
 * unrestricted distance. Bounded in [0, 1]; ties are counted on both sides (a white patch on images whose clean
 * pixels also reach white), and unlike a t-statistic or a standardised difference it neither explodes where the
 * reference is constant nor shrinks when false positives inflate the flagged group's variance.
 */
final class ExcessMass {
    /** The reference tail in which flagged mass counts. */
    static final double TAIL = 0.01;
    private static final int BLOCK = 64;

    private ExcessMass() {
    }

    /**
     * Per position the distance and the mean of the flagged values inside the reference's tail (the trigger's value:
     * what to stamp), NaN where no flagged value lies there.
     */
    record Result(double[] distance, double[] tailMean) {
    }

    /**
     * @param images the images
     * @param flagged rows of the flagged group
     * @param reference rows of the clean reference
     * @param above per position, whether to measure the upper (true) or the lower (false) tail
     * @return per position the one-sided distance, in [0, 1], and the flagged values' mean in the tail
     */
    static Result distances(ImageSet images, int[] flagged, int[] reference, boolean[] above) {
        int size = images.imageSize();
        double[] out = new double[size];
        double[] tailMean = new double[size];
        java.util.Arrays.fill(tailMean, Double.NaN);
        if (flagged.length == 0 || reference.length == 0) {
            return new Result(out, tailMean);
        }
        float[] buf = new float[size];
        int width = Math.min(BLOCK, size);
        float[][] ref = new float[width][reference.length];
        float[][] fl = new float[width][flagged.length];
        for (int start = 0; start < size; start += BLOCK) {
            int w = Math.min(BLOCK, size - start);
            fill(images, reference, buf, ref, start, w);
            fill(images, flagged, buf, fl, start, w);
            for (int j = 0; j < w; j++) {
                Arrays.sort(ref[j]);
                Arrays.sort(fl[j]);
                out[start + j] = above[start + j] ? upper(fl[j], ref[j]) : lower(fl[j], ref[j]);
                tailMean[start + j] = tailMean(fl[j], ref[j], above[start + j]);
            }
        }
        return new Result(out, tailMean);
    }

    private static float upperQuantile(float[] r) {
        return r[(int) Math.max(0, Math.ceil((1 - TAIL) * r.length) - 1)];
    }

    private static float lowerQuantile(float[] r) {
        return r[(int) Math.min(r.length - 1, Math.floor(TAIL * r.length))];
    }

    /** Mean of the flagged values at or beyond the reference's tail quantile, NaN when there is none. */
    private static double tailMean(float[] f, float[] r, boolean above) {
        int from = above ? firstAtLeast(f, upperQuantile(r)) : 0;
        int to = above ? f.length : firstAbove(f, lowerQuantile(r));
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += f[i];
        }
        return to > from ? sum / (to - from) : Double.NaN;
    }

    private static void fill(ImageSet images, int[] rows, float[] buf, float[][] cols, int start, int w) {
        for (int r = 0; r < rows.length; r++) {
            images.copyImage(rows[r], buf, 0);
            for (int j = 0; j < w; j++) {
                cols[j][r] = buf[start + j];
            }
        }
    }

    /** sup over c >= the reference's upper tail quantile of P_f(X >= c) - P_r(X >= c), both sorted ascending. */
    private static double upper(float[] f, float[] r) {
        float q = upperQuantile(r);
        double best = 0;
        for (int i = firstAtLeast(f, q); i < f.length; i++) {
            if (i > 0 && f[i] == f[i - 1] && f[i - 1] >= q) {
                continue;
            }
            double pf = (double) (f.length - i) / f.length;
            double pr = (double) (r.length - firstAtLeast(r, f[i])) / r.length;
            best = Math.max(best, pf - pr);
        }
        return best;
    }

    /** sup over c <= the reference's lower tail quantile of P_f(X <= c) - P_r(X <= c), both sorted ascending. */
    private static double lower(float[] f, float[] r) {
        float q = lowerQuantile(r);
        double best = 0;
        for (int i = firstAbove(f, q) - 1; i >= 0; i--) {
            if (i < f.length - 1 && f[i] == f[i + 1] && f[i + 1] <= q) {
                continue;
            }
            double pf = (double) (i + 1) / f.length;
            double pr = (double) firstAbove(r, f[i]) / r.length;
            best = Math.max(best, pf - pr);
        }
        return best;
    }

    /** Index of the first element >= x. */
    private static int firstAtLeast(float[] a, float x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Index of the first element > x. */
    private static int firstAbove(float[] a, float x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
