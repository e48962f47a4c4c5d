package org.poisonscan.spectral;

import java.util.SplittableRandom;
import org.poisonscan.api.backend.ComputeBackend;

/**
 * SPECTRE's per-class search (Hayase et al. 2021, Algorithm 1 and the reference code's automatic variant) over the
 * number k of principal dimensions, k = 1, 4, 9, ... For each k, on the class's rows projected on its top k principal
 * directions:
 * <ol>
 *   <li>robust mean and covariance from the rows the {@link RobustFilter} retains (filtering is progressive: rows
 *       removed at a smaller k stay removed, since the coordinates nest);</li>
 *   <li>every row whitened with the robust estimate, {@code y = W (x - mu)}, {@code W = Sigma^(-1/2)}; {@code S'} the
 *       covariance of all whitened rows;</li>
 *   <li>QUE scores {@code tau = y^T M y} ({@link QuantumEntropy}); the flag threshold is the upper quantile of
 *       {@code tau} for a clean row, {@code sum_j m_j Z_j^2} with M's eigenvalues {@code m_j} (whitened clean rows have
 *       identity covariance), at {@code flagTailRows / classRows}, so about half a clean row per class exceeds it (the
 *       verdict's count); in a class judged poisoned rows are flagged above the quantile at {@code poisonedClassTail}
 *       when the flagged group runs down to the verdict's threshold (at least a fifth of it within a factor 2 above:
 *       its scores overlap the clean tail), above the verdict's otherwise.
 *       While the filter has removed nothing, {@code S' = I}: no direction stands out and no row is flagged;</li>
 *   <li>the selection criterion of the reference code, evaluated in the largest dimension K so that all k compare:
 *       whiten the K-dimensional rows with the covariance of the rows NOT flagged at this k and take
 *       {@code tr(S' M) / tr(M)} of the whitened covariance of all rows. It is 1 when nothing is flagged and grows
 *       with the variance the flagged rows add; the k that maximises it is kept (the smaller k on ties), among the
 *       k where the filter stayed within its budget ({@link RobustFilter.Outcome#exhausted()}) when there is one.</li>
 * </ol>
 * The class is a misfit for SPECTRE (see {@link SweepResult#misfit()}) when the filter exhausted its budget at the k
 * kept, or at some k while it never removed a row within budget at any.
 */
final class QueSweep {
    private static final double EIGEN_FLOOR = 1e-3;
    /** Share of the flagged rows within a factor 2 above the threshold that shows the group straddles it. */
    static final double STRADDLE_SHARE = 0.2;

    private final ComputeBackend backend;
    private final SpectreConfig config;
    private final RobustFilter filter;

    QueSweep(ComputeBackend backend, SpectreConfig config) {
        this.backend = backend;
        this.config = config;
        this.filter = new RobustFilter(backend, config);
    }

    /** The sweep 1, 4, 9, ... of squares up to {@code dims}. */
    static int[] dimensions(int dims) {
        int count = (int) Math.floor(Math.sqrt(dims));
        int[] ks = new int[count];
        for (int j = 1; j <= count; j++) {
            ks[j - 1] = j * j;
        }
        return ks;
    }

    /**
     * Runs the sweep on one class.
     *
     * @param rows row-major {@code n x dims}: the class's (sampled) rows projected on its top principal directions
     * @param classRows rows of the whole class (the flag threshold's false-flag budget is per class)
     * @param seed seed of the filter's half split
     * @param skewedTails whether the filter tests a side's excess against its own decay too ({@link RobustFilter})
     */
    SweepResult run(float[] rows, int n, int dims, long classRows, long seed, boolean skewedTails) {
        RowMoments all = RowMoments.of(backend, rows, n, dims, null);
        boolean[] firstHalf = split(n, seed);
        boolean[] retained = new boolean[n];
        java.util.Arrays.fill(retained, true);
        int[] ks = dimensions(dims);
        double[] criteria = new double[ks.length];
        int[] flagged = new int[ks.length];
        boolean[] exhausted = new boolean[ks.length];
        SweepResult best = null;
        boolean removedWithinBudget = false;
        for (int idx = 0; idx < ks.length; idx++) {
            int k = ks[idx];
            float[] xk = leadingColumns(rows, n, dims, k);
            RobustFilter.Outcome filtered = filter.run(xk, n, k, retained, firstHalf, skewedTails);
            SweepResult r = evaluate(xk, rows, n, dims, k, all, retained, filtered, classRows);
            criteria[idx] = r.criterion();
            flagged[idx] = r.flaggedRows();
            exhausted[idx] = r.misfit();
            removedWithinBudget |= !r.misfit() && r.removedRows() > 0;
            // A k where the filter ran out of budget cannot be trusted; it is kept only while no k can.
            boolean better = best == null || (best.misfit() && !r.misfit())
                    || (best.misfit() == r.misfit() && r.criterion() > best.criterion());
            if (better) {
                best = r;
            }
        }
        // Where the filter, whenever it removed rows, ran out of budget, no k describes the class: the k kept is one
        // where it removed nothing (criterion 1), which is no evidence of a clean class either.
        boolean exhaustedSomewhere = false;
        for (boolean e : exhausted) {
            exhaustedSomewhere |= e;
        }
        boolean misfit = best.misfit() || (exhaustedSomewhere && !removedWithinBudget);
        return best.withSweep(ks, criteria, flagged, exhausted, misfit);
    }

    private SweepResult evaluate(float[] xk, float[] rows, int n, int dims, int k, RowMoments all, boolean[] retained,
            RobustFilter.Outcome filtered, long classRows) {
        RowMoments kept = filtered.retained();
        double[] mu = kept.mean();
        double[] w = SymmetricFunctions.inverseSqrt(backend, kept.covariance(), k, EIGEN_FLOOR);
        double[] whitenedCov = whitenedCovariance(all.leading(k), mu, w, k);
        QuantumEntropy que = QuantumEntropy.of(backend, whitenedCov, k, config.alpha());
        double[] basis = SymmetricFunctions.multiply(que.sqrtMatrix(), k, k, w, k);
        double tail = Math.min(0.25, config.flagTailRows() / classRows);
        double threshold = TailProbabilities.generalizedChiSquareUpperQuantile(tail, que.weights());
        int removed = 0;
        for (boolean r : retained) {
            if (!r) {
                removed++;
            }
        }
        boolean[] flags = new boolean[n];
        int flagged = 0;
        int nearThreshold = 0;
        // With nothing removed, S' = I: the robust whitening reveals no direction and no row is evidence.
        double[] projected = new double[removed > 0 ? n * k : 0];
        if (removed > 0) {
            backend.project(xk, n, k, mu, basis, k, projected);
        }
        for (int i = 0; i < n && removed > 0; i++) {
            double tau = 0;
            for (int j = 0; j < k; j++) {
                double p = projected[i * k + j];
                tau += p * p;
            }
            flags[i] = tau > threshold;
            if (flags[i]) {
                flagged++;
                nearThreshold += tau <= 2 * threshold ? 1 : 0;
            }
        }
        double criterion = flagged == 0 ? 1 : criterionWithout(rows, n, dims, all, flags);
        // The lower threshold costs a share of the class's clean rows; pay it only where the flagged group runs down
        // to the threshold (a good part of it within a factor 2 above), so that more of it lies below. A group far
        // above the clean tail (a strong trigger) gains nothing from it.
        boolean straddles = nearThreshold >= config.minClusterRows() && nearThreshold >= STRADDLE_SHARE * flagged;
        double poisonedThreshold = straddles && config.poisonedClassTail() > tail
                ? TailProbabilities.generalizedChiSquareUpperQuantile(config.poisonedClassTail(), que.weights())
                : threshold;
        return new SweepResult(k, criterion, n, removed, filtered.rounds(), flagged, que.eigenvalues()[0],
                que.criterion(), mu, basis, threshold, poisonedThreshold, new int[0], new double[0], new int[0],
                new boolean[0], filtered.exhausted());
    }

    /**
     * {@code tr(S' M) / tr(M)} in all {@code dims} dimensions, with {@code S'} the covariance of all rows whitened by
     * the covariance of the rows not flagged.
     */
    private double criterionWithout(float[] rows, int n, int dims, RowMoments all, boolean[] flags) {
        RowMoments kept = all.minus(RowMoments.of(backend, rows, n, dims, flags));
        if (kept.count() <= dims) {
            return 1;
        }
        double[] w = SymmetricFunctions.inverseSqrt(backend, kept.covariance(), dims, EIGEN_FLOOR);
        double[] s = whitenedCovariance(all, kept.mean(), w, dims);
        return QuantumEntropy.of(backend, s, dims, config.alpha()).criterion();
    }

    /** {@code W (C + (m - mu)(m - mu)^T) W}: the covariance about {@code mu} of all rows, whitened by {@code W}. */
    private static double[] whitenedCovariance(RowMoments all, double[] mu, double[] w, int k) {
        double[] c = all.covariance();
        double[] m = all.mean();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                c[i * k + j] += (m[i] - mu[i]) * (m[j] - mu[j]);
            }
        }
        double[] wc = SymmetricFunctions.multiply(w, k, k, c, k);
        return SymmetricFunctions.symmetrised(SymmetricFunctions.multiply(wc, k, k, w, k), k);
    }

    private static float[] leadingColumns(float[] rows, int n, int dims, int k) {
        if (k == dims) {
            return rows;
        }
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows, i * dims, out, i * k, k);
        }
        return out;
    }

    /** A seeded split of the rows into two halves of equal size (up to one row). */
    private static boolean[] split(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] first = new boolean[n];
        for (int i = 0; i < n / 2; i++) {
            first[order[i]] = true;
        }
        return first;
    }
}
