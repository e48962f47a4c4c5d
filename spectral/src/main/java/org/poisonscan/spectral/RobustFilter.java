package org.poisonscan.spectral;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.detect.AnomalyIndex;

/**
 * A DKK17-style filter for robust covariance estimation (Diakonikolas, Kamath, Kane, Li, Moitra and Stewart, ICML 2017)
 * that needs no outlier fraction. Each round whitens the rows with the covariance of the rows still retained, finds a
 * degree-2 direction along which the retained rows have excess fourth moment, and removes the rows whose
 * {@code (v^T y)^2} is extreme. DKK17 stop when the fourth-moment operator's top eigenvalue falls below a bound that
 * involves the known fraction eps, and SPECTRE's reference code removes up to {@code 2 eps} rows; here eps is unknown,
 * so each removal must pass a test instead.
 *
 * <p><b>Held-out test.</b> In k = 100 dimensions with a few thousand rows, a direction chosen to maximise a tail
 * statistic always finds extreme clean rows (the direction of the largest row has a fourth moment far above the
 * Gaussian 3). So the rows are split once, at random, into two halves: a direction is found on one half and tested on
 * the other, where its clean projections are plain Gaussians. With {@code t} the normal quantile that leaves
 * {@code filterTailRows / n} of a Gaussian beyond {@code |z| > t}, a round removes rows (of both halves) beyond
 * {@code t} robust standard deviations (median, 1.4826 MAD) only when the held-out half has significantly more such
 * rows than the Gaussian null predicts (Poisson test at {@code filterPValue}). A poison cluster found on one half lies
 * just as far out in the other; a spurious direction does not. A poison cluster is a shift, so its excess is one-sided:
 * the count must also exceed the count beyond the cut on the other side (binomial test at {@code symmetryPValue}),
 * which keeps the filter from peeling off the symmetric heavy tails of a clean class, and only the excess side is
 * removed. The filter stops at the first round with no significant direction, and the number of rows removed is the
 * estimate of the outliers in this projection.
 *
 * <p><b>Cross-fitting.</b> A small group splits between the halves: 15 poisons leave about 7 in each, below the 11
 * one-sided rows the binomial test at 1e-3 needs against an empty other side. When no single held-out half passes,
 * each direction found on the first half is paired with the most aligned one found on the second ({@code |cos| >
 * 0.5}, same orientation), each is counted on the half it was not fitted on, and the two held-out counts are pooled
 * into one test. Every count is still held out, so a direction's own fitting rows never vouch for it (counting the
 * fitting half as well was tried and made real sub-populations pass); the pooled test has the power of all rows.
 *
 * <p><b>Directions</b> (the rank-one restriction {@code V = v v^T} of DKK17's degree-2 polynomials): the top three
 * eigenvectors of the fourth-moment-weighted covariance {@code sum |y|^2 y y^T} of the fitting half, each refined by
 * ten kurtosis fixed-point steps {@code v <- mean((v^T y)^3 y) - 3 v} (FastICA's kurtosis rule), and ten group
 * directions from the half's largest rows, each refined towards the mean of the rows beyond the cut. A small group
 * far out (20 rows of 3,000 at 4.5 deviations in 25 dimensions) barely moves the operator, whose top eigenvectors
 * then follow single extreme clean rows, but its rows are among the largest and point the same way. Of all
 * candidates, the three with the largest one-sided excess on the fitting half are tested, as many as before. Several
 * trigger directions are removed one per round.
 *
 * <p><b>Skewed tails</b> (floored activations, as after a ReLU; session 28). Along a direction of such a class one side
 * has a long tail and the other none, so a clean class passes both tests above on its own natural tail, round after
 * round (on ReLU outputs of Gaussian classes the filter peeled up to a third of a clean class). For such a class the
 * excess side's count must also stand out against what that side's own decay inside the cut predicts
 * ({@link PowerLawTail}); a group beyond the cut is not in the bins that predict it. {@link SpectreDetector} uses
 * this filter for the verdicts of floored classes and the plain one for their scores.
 */
final class RobustFilter {
    private static final int DIRECTIONS = 3;
    private static final int KURTOSIS_STEPS = 10;
    private static final double EIGEN_FLOOR = 1e-3;
    private static final int MIN_HELD_OUT = 10;
    /** Fewest whitened axes whose median tail count is taken as a typical direction's. */
    private static final int MIN_TYPICAL_AXES = 5;

    private final ComputeBackend backend;
    private final SpectreConfig config;

    RobustFilter(ComputeBackend backend, SpectreConfig config) {
        this.backend = backend;
        this.config = config;
    }

    /**
     * The outcome of a run.
     *
     * @param rounds filter rounds run
     * @param retained moments of the rows retained at the end
     * @param exhausted whether a significant tail was still found when removing it would have exceeded the budget of
     *     {@code maxPoisonFraction} of the rows: the clean rows are then not near-Gaussian along that direction (a
     *     skewed, sparse activation, say) and the estimate cannot be trusted
     */
    record Outcome(int rounds, RowMoments retained, boolean exhausted) {
    }

    /**
     * Filters rows in place. The poison group is assumed to be a minority: the filter never removes more than
     * {@code maxPoisonFraction} of the rows (a round that would is undone and the outcome marked exhausted).
     *
     * @param rows row-major {@code n x k}
     * @param retained rows still considered clean; removals clear entries
     * @param firstHalf the fixed random split of the rows into two halves
     * @param skewedTails whether the class's activations are floored (see the class note): a side's excess must then
     *     also stand out against what the side's own decay predicts
     */
    Outcome run(float[] rows, int n, int k, boolean[] retained, boolean[] firstHalf, boolean skewedTails) {
        double t = TailProbabilities.normalUpperQuantile(config.filterTailRows() / (2.0 * n));
        double tailShare = config.filterTailRows() / n;
        int rounds = 0;
        RowMoments m = RowMoments.of(backend, rows, n, k, retained);
        long minRetained = n - (long) Math.floor(config.maxPoisonFraction() * n);
        boolean exhausted = false;
        while (rounds < config.maxFilterRounds() && m.count() > 2L * k) {
            rounds++;
            double[] w = SymmetricFunctions.inverseSqrt(backend, m.covariance(), k, EIGEN_FLOOR);
            double[] y = new double[n * k];
            backend.project(rows, n, k, m.mean(), w, k, y);
            boolean[] before = retained.clone();
            if (!removeOnce(y, n, k, retained, firstHalf, t, tailShare, skewedTails)) {
                break;
            }
            RowMoments next = RowMoments.of(backend, rows, n, k, retained);
            if (next.count() < minRetained) {
                System.arraycopy(before, 0, retained, 0, n);
                exhausted = true;
                break;
            }
            m = next;
        }
        return new Outcome(rounds, m, exhausted);
    }

    private boolean removeOnce(double[] y, int n, int k, boolean[] retained, boolean[] firstHalf, double t,
            double tailShare, boolean skewedTails) {
        double[][][] found = new double[2][][];
        HeldOut[][] counted = new HeldOut[2][];
        // The tail count a typical direction of each half shows (index 1: the first half), when above the Gaussian's.
        double[] typical = {typicalTail(y, n, k, retained, firstHalf, false, t),
            typicalTail(y, n, k, retained, firstHalf, true, t)};
        for (int fitFirst = 1; fitFirst >= 0; fitFirst--) {
            boolean fitHalf = fitFirst == 1;
            found[fitFirst] = directions(y, n, k, retained, firstHalf, fitHalf, t);
            counted[fitFirst] = new HeldOut[found[fitFirst].length];
            for (int d = 0; d < found[fitFirst].length; d++) {
                HeldOut h = HeldOut.of(y, n, k, found[fitFirst][d], retained, firstHalf, !fitHalf, t);
                counted[fitFirst][d] = h;
                if (h == null) {
                    continue;
                }
                int side = h.above() >= h.below() ? 1 : -1;
                double expected = Math.max(h.tested() * tailShare / 2, typical[1 - fitFirst]);
                if (skewedTails) {
                    expected = Math.max(expected, h.tailPredicted(side));
                }
                if (significant(Math.max(h.above(), h.below()), Math.min(h.above(), h.below()), expected)) {
                    h.remove(side, retained);
                    return true;
                }
            }
        }
        // Cross-fitted: a direction found on each half, each counted on the other half (the counts above), the two
        // counts pooled. Both are held out, so the test keeps its level; a group too small to pass in one half can
        // pass in two.
        for (int i = 0; i < found[1].length; i++) {
            int match = -1;
            double best = 0.5;
            for (int j = 0; j < found[0].length; j++) {
                double cos = dot(found[1][i], found[0][j]);
                if (Math.abs(cos) > best) {
                    best = Math.abs(cos);
                    match = j;
                }
            }
            HeldOut onSecond = counted[1][i];
            HeldOut onFirst = match < 0 ? null : counted[0][match];
            if (onSecond == null || onFirst == null) {
                continue;
            }
            // The paired direction may point the other way: its sides swap.
            int orientation = dot(found[1][i], found[0][match]) >= 0 ? 1 : -1;
            long above = onSecond.above() + (orientation > 0 ? onFirst.above() : onFirst.below());
            long below = onSecond.below() + (orientation > 0 ? onFirst.below() : onFirst.above());
            int side = above >= below ? 1 : -1;
            double expected = Math.max((onSecond.tested() + onFirst.tested()) * tailShare / 2, typical[0] + typical[1]);
            if (skewedTails) {
                expected = Math.max(expected, onSecond.tailPredicted(side) + onFirst.tailPredicted(side * orientation));
            }
            if (significant(Math.max(above, below), Math.min(above, below), expected)) {
                onSecond.remove(side, retained);
                onFirst.remove(side * orientation, retained);
                return true;
            }
        }
        return false;
    }

    /**
     * The rows beyond the cut on one side that a typical direction of a held-out half shows: the median over the
     * whitened axes of the mean of their two sides' counts, or 0 below {@link #MIN_TYPICAL_AXES} axes (where a poison
     * group's own axis would be the typical one). A Gaussian class gives about the Gaussian expectation, so this
     * changes nothing there; a heavy-tailed class (Student-t activations) gives many rows beyond the cut along every
     * axis, and then a direction's excess must stand out against that, not against a Gaussian tail: among the many
     * directions tried, a chance imbalance between two heavy tails otherwise passed the test and made a clean class
     * of ten identical Student-t classes stand out.
     */
    private static double typicalTail(double[] y, int n, int k, boolean[] retained, boolean[] firstHalf,
            boolean testFirst, double t) {
        if (k < MIN_TYPICAL_AXES) {
            return 0;
        }
        int tested = 0;
        for (int i = 0; i < n; i++) {
            tested += retained[i] && firstHalf[i] == testFirst ? 1 : 0;
        }
        if (tested < MIN_HELD_OUT) {
            return 0;
        }
        double[] held = new double[tested];
        double[] perAxis = new double[k];
        for (int j = 0; j < k; j++) {
            int h = 0;
            for (int i = 0; i < n; i++) {
                if (retained[i] && firstHalf[i] == testFirst) {
                    held[h++] = y[i * k + j];
                }
            }
            double median = AnomalyIndex.median(held);
            double cut = robustCut(held, median, t);
            long beyond = 0;
            for (int i = 0; i < tested; i++) {
                beyond += cut > 0 && Math.abs(held[i] - median) > cut ? 1 : 0;
            }
            perAxis[j] = beyond / 2.0;
        }
        return AnomalyIndex.median(perAxis);
    }

    /** {@code t} robust standard deviations (1.4826 MAD about {@code median}) of {@code held}. */
    private static double robustCut(double[] held, double median, double t) {
        double[] spread = new double[held.length];
        for (int i = 0; i < held.length; i++) {
            spread[i] = Math.abs(held[i] - median);
        }
        return t * (AnomalyIndex.MAD_SCALE * AnomalyIndex.median(spread));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    /**
     * The projections {@code z} of all rows on a direction, with the median, cut and tail counts of one held-out
     * half.
     */
    private record HeldOut(double[] z, double median, double cut, long above, long below, int tested,
            long[] binsAbove, long[] binsBelow) {

        /** The rows beyond the cut on {@code side} that the side's own decay predicts ({@link PowerLawTail}). */
        double tailPredicted(int side) {
            long[] bins = side > 0 ? binsAbove : binsBelow;
            return PowerLawTail.beyond(bins[0], bins[1]);
        }

        /** Null when the half has too few retained rows or no spread along {@code v}. */
        static HeldOut of(double[] y, int n, int k, double[] v, boolean[] retained, boolean[] firstHalf,
                boolean testFirst, double t) {
            double[] z = new double[n];
            int tested = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += y[i * k + j] * v[j];
                }
                z[i] = s;
                if (retained[i] && firstHalf[i] == testFirst) {
                    tested++;
                }
            }
            if (tested < MIN_HELD_OUT) {
                return null;
            }
            double[] held = new double[tested];
            int h = 0;
            for (int i = 0; i < n; i++) {
                if (retained[i] && firstHalf[i] == testFirst) {
                    held[h++] = z[i];
                }
            }
            double median = AnomalyIndex.median(held);
            double cut = robustCut(held, median, t);
            if (!(cut > 0)) {
                return null;
            }
            long above = 0;
            long below = 0;
            long[] binsAbove = new long[2];
            long[] binsBelow = new long[2];
            for (int i = 0; i < n; i++) {
                if (retained[i] && firstHalf[i] == testFirst) {
                    double r = (z[i] - median) / cut;
                    above += r > 1 ? 1 : 0;
                    below += r < -1 ? 1 : 0;
                    // The two bins inside the cut that predict a skewed side's tail (PowerLawTail).
                    if (Math.abs(r) >= PowerLawTail.INNER && Math.abs(r) <= 1) {
                        long[] bins = r > 0 ? binsAbove : binsBelow;
                        bins[Math.abs(r) < (1 + PowerLawTail.INNER) / 2 ? 0 : 1]++;
                    }
                }
            }
            return new HeldOut(z, median, cut, above, below, tested, binsAbove, binsBelow);
        }

        /** Clears {@code retained} for every row beyond the cut on {@code side}, in both halves. */
        void remove(int side, boolean[] retained) {
            for (int i = 0; i < z.length; i++) {
                if (side * (z[i] - median) > cut) {
                    retained[i] = false;
                }
            }
        }
    }

    /**
     * Whether {@code excess} held-out rows beyond the cut on one side are a poison group: more than a Gaussian tail
     * puts there ({@code gaussian} expected; Poisson test at {@code filterPValue}), and more than on the other side
     * ({@code other}; a symmetric heavy tail puts as many there; binomial test at {@code symmetryPValue}, doubled
     * because the side was chosen as the larger).
     */
    private boolean significant(long excess, long other, double gaussian) {
        return TailProbabilities.poissonUpperTail(excess, gaussian) < config.filterPValue()
                && 2 * TailProbabilities.binomialHalfUpperTail(excess, excess + other) < config.symmetryPValue();
    }

    /**
     * Candidate directions, found on the retained rows of one half: the top eigenvectors of the fourth-moment
     * operator refined by kurtosis steps, and the directions of groups among the half's largest rows refined towards
     * the mean of the rows beyond the cut; of these, the {@link #DIRECTIONS} with the largest one-sided excess beyond
     * the cut on this half go to the held-out test.
     */
    private double[][] directions(double[] y, int n, int k, boolean[] retained, boolean[] firstHalf, boolean half,
            double t) {
        if (k == 1) {
            return new double[][] {{1}};
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (retained[i] && firstHalf[i] == half) {
                m++;
            }
        }
        float[] weighted = new float[Math.max(1, m) * k];
        int[] members = new int[m];
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (retained[i] && firstHalf[i] == half) {
                double norm = 0;
                for (int j = 0; j < k; j++) {
                    norm += y[i * k + j] * y[i * k + j];
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < k; j++) {
                    weighted[o * k + j] = (float) (y[i * k + j] * norm);
                }
                members[o++] = i;
            }
        }
        RowMoments fourth = RowMoments.of(backend, weighted, m, k, null);
        SymmetricEigen eig = backend.symmetricEigen(fourth.gram(), k);
        int count = Math.min(DIRECTIONS, k);
        List<double[]> candidates = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            candidates.add(refine(eig.vector(c), y, k, members));
        }
        List<double[]> starts = new ArrayList<>();
        for (double[] start : extremeGroupDirections(y, k, members)) {
            // Seeds in one group give the same mean direction: follow it once.
            boolean seen = false;
            for (double[] v : starts) {
                seen |= dot(v, start) > 0.99;
            }
            if (!seen) {
                starts.add(start);
                candidates.add(followGroup(start, y, k, members, t));
            }
        }
        return mostOneSided(candidates, y, k, members, t, count);
    }

    private static final int GROUP_SEEDS = 10;
    private static final double GROUP_COS = 0.3;
    private static final int GROUP_STEPS = 5;

    /**
     * Starts towards small far groups: among the fitting half's largest rows (the top 2%, at least 10), for each of
     * the 10 largest, the mean direction of those whose direction is within {@code GROUP_COS} of its own. Rows of one
     * shifted group share the shift's direction (two rows at s deviations in k dimensions have a cosine of about
     * s^2 / (s^2 + k)), clean extremes do not.
     */
    private static List<double[]> extremeGroupDirections(double[] y, int k, int[] members) {
        int pool = Math.max(GROUP_SEEDS, members.length / 50);
        int[] largest = largestRows(y, k, members, pool);
        double[][] unit = new double[largest.length][];
        for (int a = 0; a < largest.length; a++) {
            double[] v = new double[k];
            System.arraycopy(y, largest[a] * k, v, 0, k);
            unit[a] = unit(v);
        }
        List<double[]> out = new ArrayList<>();
        for (int a = 0; a < Math.min(GROUP_SEEDS, unit.length); a++) {
            double[] sum = new double[k];
            for (double[] other : unit) {
                if (dot(unit[a], other) > GROUP_COS) {
                    for (int j = 0; j < k; j++) {
                        sum[j] += other[j];
                    }
                }
            }
            out.add(unit(sum));
        }
        return out;
    }

    /** Steps {@code v <- mean of the rows beyond the robust cut along v, on its side}, normalised: a group's mean. */
    private static double[] followGroup(double[] start, double[] y, int k, int[] members, double t) {
        double[] v = start.clone();
        for (int step = 0; step < GROUP_STEPS; step++) {
            double[] z = projections(v, y, k, members);
            double median = AnomalyIndex.median(z);
            double cut = robustCut(z, median, t);
            double[] sum = new double[k];
            int beyond = 0;
            for (int m = 0; m < members.length; m++) {
                if (z[m] - median > cut) {
                    beyond++;
                    for (int j = 0; j < k; j++) {
                        sum[j] += y[members[m] * k + j];
                    }
                }
            }
            if (beyond < 2) {
                break;
            }
            double[] next = unit(sum);
            boolean settled = dot(next, v) > 0.9999;
            v = next;
            if (settled) {
                break;
            }
        }
        return v;
    }

    /**
     * Up to {@code count} candidates with the largest one-sided excess beyond the robust cut on the fitting half
     * (larger side minus smaller), skipping near-duplicates; only the fitting half is looked at, so the held-out test
     * keeps its level, and it is run on as many directions per round as before.
     */
    private static double[][] mostOneSided(List<double[]> candidates, double[] y, int k, int[] members,
            double t, int count) {
        double[] excess = new double[candidates.size()];
        Integer[] order = new Integer[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            order[c] = c;
            double[] z = projections(candidates.get(c), y, k, members);
            double median = AnomalyIndex.median(z);
            double cut = robustCut(z, median, t);
            long above = 0;
            long below = 0;
            for (double v : z) {
                above += v - median > cut ? 1 : 0;
                below += median - v > cut ? 1 : 0;
            }
            excess[c] = Math.abs(above - below);
        }
        Arrays.sort(order, (a, b) -> excess[a] != excess[b] ? Double.compare(excess[b], excess[a])
                : Integer.compare(a, b));
        List<double[]> kept = new ArrayList<>();
        for (int c : order) {
            boolean duplicate = false;
            for (double[] v : kept) {
                duplicate |= Math.abs(dot(v, candidates.get(c))) > 0.9;
            }
            if (!duplicate) {
                kept.add(candidates.get(c));
            }
            if (kept.size() == count) {
                break;
            }
        }
        return kept.toArray(new double[0][]);
    }

    private static double[] projections(double[] v, double[] y, int k, int[] members) {
        double[] z = new double[members.length];
        for (int m = 0; m < members.length; m++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += y[members[m] * k + j] * v[j];
            }
            z[m] = s;
        }
        return z;
    }

    /** The {@code count} rows of {@code members} of largest norm, largest first. */
    private static int[] largestRows(double[] y, int k, int[] members, int count) {
        double[] norms = new double[members.length];
        Integer[] order = new Integer[members.length];
        for (int m = 0; m < members.length; m++) {
            order[m] = m;
            for (int j = 0; j < k; j++) {
                norms[m] += y[members[m] * k + j] * y[members[m] * k + j];
            }
        }
        Arrays.sort(order, (a, b) -> norms[a] != norms[b] ? Double.compare(norms[b], norms[a])
                : Integer.compare(a, b));
        int take = Math.min(count, members.length);
        int[] out = new int[take];
        for (int m = 0; m < take; m++) {
            out[m] = members[order[m]];
        }
        return out;
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        double[] out = v.clone();
        for (int j = 0; j < out.length && norm > 0; j++) {
            out[j] /= norm;
        }
        return out;
    }

    /** Kurtosis fixed-point steps from {@code v}; keeps the last unit vector if a step degenerates. */
    private static double[] refine(double[] v, double[] y, int k, int[] members) {
        double[] cur = v.clone();
        for (int step = 0; step < KURTOSIS_STEPS; step++) {
            double[] next = new double[k];
            for (int i : members) {
                double p = 0;
                for (int j = 0; j < k; j++) {
                    p += y[i * k + j] * cur[j];
                }
                double c = p * p * p;
                for (int j = 0; j < k; j++) {
                    next[j] += c * y[i * k + j];
                }
            }
            double norm = 0;
            for (int j = 0; j < k; j++) {
                next[j] = next[j] / members.length - 3 * cur[j];
                norm += next[j] * next[j];
            }
            norm = Math.sqrt(norm);
            if (!(norm > 0) || !Double.isFinite(norm)) {
                break;
            }
            for (int j = 0; j < k; j++) {
                cur[j] = next[j] / norm;
            }
        }
        return cur;
    }
}
