package org.poisonscan.triggers.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjusted p-values (Benjamini and Hochberg 1995; R's {@code p.adjust(p, "BH")}): the adjusted
 * value of the hypothesis ranked {@code i} of {@code m} (ascending p) is {@code min over j >= i of p_(j) m / j},
 * capped at 1. Rejecting every hypothesis whose adjusted value is below {@code q} controls the false discovery rate at
 * {@code q} for independent or positively dependent tests. Commons Math 3.6 has no multiple-testing correction, hence
 * this class.
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /**
     * Adjusts {@code p} (each in [0, 1]; NaN is refused) and returns the adjusted values in the input order.
     *
     * @throws IllegalArgumentException when a p-value is outside [0, 1] or NaN
     */
    public static double[] adjust(double[] p) {
        int m = p.length;
        for (int i = 0; i < m; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is " + p[i] + ", not in [0, 1]");
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).thenComparingInt(i -> i));
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            adjusted[i] = running;
        }
        return adjusted;
    }
}
