package org.poisonscan.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Exclusionary reclassification (Chen et al. 2018, section 4) applied to a scan's final flags: a model trained
 * without the flagged rows classifies them, and a class's flags are kept only if enough of its flagged rows move to
 * other classes. Poisons are images of other classes carrying a trigger that the retrained model never learnt, so it
 * sends them back to their source classes; a genuine sub-population of a class that a detector mistook for poison
 * stays in its class. Activation clustering's own analyzer checks one k-means cluster, and breaks down when the cluster
 * holds only part of the poisons (the rest still teach the retrained model the trigger); checking the scan's final
 * flags removes every flagged row at once, and compares shares rather than the largest other class, because the
 * poisons of a class come from several source classes.
 *
 * @param minMovedShare a class's flags are confirmed when at least this share of its flagged rows is classified as
 *     another class by the model trained without them
 */
public record FlaggedClassCheck(double minMovedShare) {
    /**
     * The default: the majority of the flagged rows leave their class, Chen et al.'s criterion. Atypical clean rows
     * leave their class too when they are left out of training (measured on Fashion-MNIST: 36% and 54% of two falsely
     * flagged sub-populations of trousers, 80-93% of the flagged rows of the BadNets target class, poisons and
     * detectors' false positives together), so the check rejects only the clearer false verdicts.
     */
    public static final double DEFAULT_MIN_MOVED_SHARE = 0.5;

    public FlaggedClassCheck {
        if (!(minMovedShare > 0 && minMovedShare <= 1)) {
            throw new IllegalArgumentException("minMovedShare must be in (0, 1], got " + minMovedShare);
        }
    }

    /** The check with {@link #DEFAULT_MIN_MOVED_SHARE}. */
    public static FlaggedClassCheck defaults() {
        return new FlaggedClassCheck(DEFAULT_MIN_MOVED_SHARE);
    }

    /**
     * The outcome for one class with flagged rows.
     *
     * @param label the class
     * @param flagged its flagged rows
     * @param moved how many of them the retrained model assigns to another class
     * @param baselineMoved the share of the class's unflagged rows the retrained model assigns to another class (its
     *     ordinary error on the class, for comparison; NaN when every row of the class is flagged)
     * @param confirmed whether the class's flags are kept
     */
    public record ClassCheck(int label, long flagged, long moved, double baselineMoved, boolean confirmed) {
        /** Share of the flagged rows assigned to another class. */
        public double movedShare() {
            return flagged == 0 ? 0 : (double) moved / flagged;
        }

        /** One line for logs and reports. */
        public String describe() {
            return String.format(Locale.ROOT, "class %d: %d of %d flagged rows (%.1f%%) move to other classes when"
                    + " retrained without them (unflagged rows: %.1f%%): %s", label, moved, flagged,
                    100 * movedShare(), 100 * baselineMoved, confirmed ? "confirmed" : "rejected");
        }
    }

    /**
     * @param labels every row's label
     * @param flags every row's final flag
     * @param predicted every row's class as predicted by a model trained without the flagged rows
     * @return one check per class with flagged rows, ascending by label
     */
    public List<ClassCheck> check(int[] labels, boolean[] flags, int[] predicted) {
        if (labels.length != flags.length || labels.length != predicted.length) {
            throw new IllegalArgumentException("labels, flags and predictions differ in length: " + labels.length
                    + ", " + flags.length + ", " + predicted.length);
        }
        TreeMap<Integer, long[]> counts = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            // flagged, flagged and moved, unflagged, unflagged and moved
            long[] c = counts.computeIfAbsent(labels[i], k -> new long[4]);
            int at = flags[i] ? 0 : 2;
            c[at]++;
            if (predicted[i] != labels[i]) {
                c[at + 1]++;
            }
        }
        List<ClassCheck> out = new ArrayList<>();
        counts.forEach((label, c) -> {
            if (c[0] > 0) {
                double baseline = c[2] == 0 ? Double.NaN : (double) c[3] / c[2];
                out.add(new ClassCheck(label, c[0], c[1], baseline, (double) c[1] / c[0] >= minMovedShare));
            }
        });
        return out;
    }

    /**
     * The flags of confirmed classes kept only on the rows that left their class, those of rejected classes cleared.
     * A flagged row the model trained without the flags still assigns to its own label looks like that label's clean
     * rows, so keeping it teaches the trigger little; the row-level reading of the same test. It trades recall for
     * precision: poisons whose source image already looks like the target stay and are unflagged.
     */
    public static boolean[] movedFlags(int[] labels, boolean[] flags, int[] predicted, List<ClassCheck> checks) {
        boolean[] out = confirmedFlags(labels, flags, checks);
        if (predicted.length != out.length) {
            throw new IllegalArgumentException("labels and predictions differ in length: " + out.length + ", "
                    + predicted.length);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] &= predicted[i] != labels[i];
        }
        return out;
    }

    /** The flags with those of rejected classes cleared. */
    public static boolean[] confirmedFlags(int[] labels, boolean[] flags, List<ClassCheck> checks) {
        java.util.Set<Integer> rejected = new java.util.HashSet<>();
        for (ClassCheck c : checks) {
            if (!c.confirmed()) {
                rejected.add(c.label());
            }
        }
        boolean[] out = flags.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] && rejected.contains(labels[i])) {
                out[i] = false;
            }
        }
        return out;
    }
}
