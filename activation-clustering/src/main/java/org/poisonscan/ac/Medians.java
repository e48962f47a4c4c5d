package org.poisonscan.ac;

import java.util.Arrays;

/** Coordinate-wise medians of sampled rows, and Euclidean distances between them. */
final class Medians {
    private Medians() {
    }

    /** The coordinate-wise median of the sample's rows (the mean of the middle two for an even count). */
    static double[] of(RowSample sample) {
        int n = sample.size();
        int d = sample.width();
        float[] rows = sample.rows();
        double[] median = new double[d];
        float[] column = new float[n];
        for (int i = 0; i < d; i++) {
            for (int r = 0; r < n; r++) {
                column[r] = rows[r * d + i];
            }
            Arrays.sort(column);
            median[i] = n % 2 == 1 ? column[n / 2] : 0.5 * ((double) column[n / 2 - 1] + column[n / 2]);
        }
        return median;
    }

    /** Euclidean distance. */
    static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
