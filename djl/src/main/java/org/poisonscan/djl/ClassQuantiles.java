package org.poisonscan.djl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** Per-class ranks of row scores, for rules stated as "the top tail of its class". */
final class ClassQuantiles {
    private ClassQuantiles() {
    }

    /**
     * Each row's score as a quantile of its class's scores: its rank (1 = lowest) over the class's row count, so the
     * top row of every class has 1.0 (ties ranked in row order).
     */
    static double[] of(int[] labels, double[] scores) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + scores.length + " scores");
        }
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        double[] q = new double[labels.length];
        for (List<Integer> rows : byClass.values()) {
            Integer[] order = rows.toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
            for (int k = 0; k < order.length; k++) {
                q[order[k]] = (k + 1.0) / order.length;
            }
        }
        return q;
    }

    /** The classes, ascending, with at least {@code min} marked rows. */
    static List<Integer> classesWithAtLeast(int[] labels, boolean[] marked, int min) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (marked[i]) {
                counts.merge(labels[i], 1, Integer::sum);
            }
        }
        List<Integer> out = new ArrayList<>();
        counts.forEach((label, c) -> {
            if (c >= min) {
                out.add(label);
            }
        });
        return out;
    }
}
