package org.poisonscan.spectral;

/**
 * The outcome of {@link QueSweep} for one class: the chosen number of principal dimensions and what was fitted there.
 *
 * @param k chosen number of principal dimensions
 * @param criterion QUE selection criterion at {@code k} (evaluated in the sweep's largest dimension; 1 = nothing)
 * @param sampleRows rows the estimates were computed from
 * @param removedRows rows the robust filter removed by dimension {@code k} (its outlier estimate)
 * @param filterRounds filter rounds run at dimension {@code k}
 * @param flaggedRows sampled rows whose QUE score exceeds {@code threshold}
 * @param topEigenvalue largest eigenvalue of the covariance of all rows whitened by the robust estimate
 * @param queCriterion {@code tr(S' M) / tr(M)} within the k dimensions
 * @param mean robust mean in the k principal coordinates
 * @param scoreBasis {@code M^(1/2) W}, row-major {@code k x k}: a row's score is {@code |scoreBasis (x - mean)|^2}
 * @param threshold QUE score above which a row is flagged (the clean tail's quantile at the flag budget)
 * @param poisonedThreshold the flag threshold in a class SPECTRE judges poisoned: the clean tail's quantile at
 *     {@code poisonedClassTail} when the flagged group runs down to {@code threshold} (a fifth of it within a factor 2
 *     above), {@code threshold} otherwise
 * @param sweep the dimensions tried
 * @param criteria the criterion at each dimension tried
 * @param flaggedBySweep rows flagged at each dimension tried
 * @param exhaustedBySweep whether the robust filter ran out of budget at each dimension tried
 * @param misfit whether the class does not fit SPECTRE's model of a near-Gaussian clean majority: the robust filter
 *     exhausted its budget at {@code k} (see {@link RobustFilter.Outcome}), or at some k while it never removed rows
 *     within budget at any; no verdict of poisoned rests on such a class, and it enters the other classes' anomaly
 *     baseline with the largest criterion of its sweep
 */
record SweepResult(int k, double criterion, int sampleRows, int removedRows, int filterRounds, int flaggedRows,
        double topEigenvalue, double queCriterion, double[] mean, double[] scoreBasis, double threshold, double poisonedThreshold, int[] sweep,
        double[] criteria, int[] flaggedBySweep, boolean[] exhaustedBySweep, boolean misfit) {

    SweepResult {
        mean = mean.clone();
        scoreBasis = scoreBasis.clone();
        sweep = sweep.clone();
        criteria = criteria.clone();
        flaggedBySweep = flaggedBySweep.clone();
        exhaustedBySweep = exhaustedBySweep.clone();
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scoreBasis() {
        return scoreBasis.clone();
    }

    @Override
    public int[] sweep() {
        return sweep.clone();
    }

    @Override
    public double[] criteria() {
        return criteria.clone();
    }

    @Override
    public int[] flaggedBySweep() {
        return flaggedBySweep.clone();
    }

    @Override
    public boolean[] exhaustedBySweep() {
        return exhaustedBySweep.clone();
    }

    /** A copy carrying the whole sweep's figures and the class's fit. */
    SweepResult withSweep(int[] dims, double[] values, int[] flagged, boolean[] exhausted, boolean classMisfit) {
        return new SweepResult(k, criterion, sampleRows, removedRows, filterRounds, flaggedRows, topEigenvalue,
                queCriterion, mean, scoreBasis, threshold, poisonedThreshold, dims, values, flagged, exhausted,
                classMisfit);
    }
}
