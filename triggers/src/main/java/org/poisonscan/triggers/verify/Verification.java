package org.poisonscan.triggers.verify;

/**
 * How often stamping a hypothesised trigger on clean inputs of other classes makes the model predict the target
 * class: the hypothesis' attack success rate. A true trigger flips most inputs; a wrong hypothesis leaves the model's
 * predictions where they were, so the flip rate is read against the baseline.
 *
 * @param inputs clean inputs of other classes that were stamped
 * @param baselineTarget of them, predicted as the target BEFORE stamping
 * @param stampedTarget of them, predicted as the target AFTER stamping
 * @param switched predicted as something else before and as the target after
 */
public record Verification(int inputs, int baselineTarget, int stampedTarget, int switched) {

    /** Share of stamped inputs predicted as the target (the attack success rate of the hypothesis). */
    public double flipRate() {
        return inputs == 0 ? Double.NaN : (double) stampedTarget / inputs;
    }

    /** Share of unstamped inputs predicted as the target (what the model does without the trigger). */
    public double baselineRate() {
        return inputs == 0 ? Double.NaN : (double) baselineTarget / inputs;
    }

    /** Counts the outcome of predictions before and after stamping. */
    public static Verification count(int[] before, int[] after, int target) {
        if (before.length != after.length) {
            throw new IllegalArgumentException(before.length + " predictions before, " + after.length + " after");
        }
        int b = 0;
        int a = 0;
        int s = 0;
        for (int i = 0; i < before.length; i++) {
            b += before[i] == target ? 1 : 0;
            a += after[i] == target ? 1 : 0;
            s += before[i] != target && after[i] == target ? 1 : 0;
        }
        return new Verification(before.length, b, a, s);
    }
}
