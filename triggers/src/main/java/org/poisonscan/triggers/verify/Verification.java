package org.poisonscan.triggers.verify;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * How often stamping a hypothesised trigger on clean inputs of other classes makes the model predict the target
 * class: the hypothesis' attack success rate. A true trigger flips most inputs; a wrong hypothesis leaves the model's
 * predictions where they were, so the flip rate is read against the baseline, and {@link #pValue} tests the change
 * (McNemar's exact test on the inputs whose prediction changed).
 *
 * @param inputs clean inputs of other classes that were stamped
 * @param baselineTarget of them, predicted as the target BEFORE stamping
 * @param stampedTarget of them, predicted as the target AFTER stamping
 * @param switched predicted as something else before and as the target after
 * @param reverted predicted as the target before and as something else after
 */
public record Verification(int inputs, int baselineTarget, int stampedTarget, int switched, int reverted) {

    /** Share of stamped inputs predicted as the target (the attack success rate of the hypothesis). */
    public double flipRate() {
        return inputs == 0 ? Double.NaN : (double) stampedTarget / inputs;
    }

    /** Share of unstamped inputs predicted as the target (what the model does without the trigger). */
    public double baselineRate() {
        return inputs == 0 ? Double.NaN : (double) baselineTarget / inputs;
    }

    /**
     * One-sided exact McNemar p-value that stamping moves predictions TO the target: {@code P(X >= switched)} for
     * {@code X ~ Binomial(switched + reverted, 1/2)}; 1 when no prediction changed.
     */
    public double pValue() {
        int changed = switched + reverted;
        if (changed == 0 || switched == 0) {
            return 1;
        }
        return new BinomialDistribution(null, changed, 0.5).cumulativeProbability(switched - 1, changed);
    }

    /**
     * Whether the stamp does what a backdoor trigger does: puts at least {@value #CONFIRMING_FLIP_RATE} of the clean
     * inputs into the target class, significantly more than without it (McNemar at level {@code alpha}). The rate
     * matters: painting a large class-shaped mask onto images moves some of them to that class (a few percent on
     * Fashion-MNIST) without being a trigger.
     */
    public boolean confirms(double alpha) {
        return pValue() < alpha && switched > reverted && flipRate() >= CONFIRMING_FLIP_RATE;
    }

    /** The flip rate from which a significant verification confirms a hypothesis. */
    public static final double CONFIRMING_FLIP_RATE = 0.5;

    /** Counts the outcome of predictions before and after stamping. */
    public static Verification count(int[] before, int[] after, int target) {
        if (before.length != after.length) {
            throw new IllegalArgumentException(before.length + " predictions before, " + after.length + " after");
        }
        int b = 0;
        int a = 0;
        int s = 0;
        int r = 0;
        for (int i = 0; i < before.length; i++) {
            b += before[i] == target ? 1 : 0;
            a += after[i] == target ? 1 : 0;
            s += before[i] != target && after[i] == target ? 1 : 0;
            r += before[i] == target && after[i] != target ? 1 : 0;
        }
        return new Verification(before.length, b, a, s, r);
    }
}
