package org.poisonscan.spectral;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.stats.ChanceSeparation;
import org.poisonscan.api.stats.TwoGaussianMixture;

/**
 * The separation that spectral signatures find by chance in a class of few rows. The top eigenvector of a class with
 * fewer rows than dimensions (or not many more) is fitted to those very rows, so their projections on it are not one
 * Gaussian and the two-component fit separates them: a class of 24 isotropic Gaussian rows in 32 dimensions reaches
 * D = 3 and more. Such a class's separation is judged against this null: {@link #DRAWS} seeded draws of as many
 * isotropic Gaussian rows in as many dimensions, centred, projected on their own top eigenvector and fitted like a
 * class. Isotropic rows are the worst case (a class whose variance has a leading direction gives it a stabler
 * eigenvector and a smaller null D), so the null only makes the verdict more cautious. The null is computed at row
 * counts of a geometric grid and interpolated in log rows; the draws are seeded from the size and computed on the
 * pure-Java backend, so a size gets the same null whatever the scan's seed and backend.
 */
final class SmallClassNull {
    /** Null draws per size. */
    static final int DRAWS = 19;
    /** Classes of at least this many rows are judged as they are. */
    static final int MAX_ROWS = 300;
    /** Classes of at least this many rows per dimension are judged as they are. */
    static final int MAX_ROWS_PER_DIMENSION = 4;
    /** First row count of the grid, and the ratio of consecutive ones. */
    private static final int GRID_START = 8;
    private static final double GRID_RATIO = 1.25;

    private record Key(int n, int d) {
    }

    /** Nulls already computed in this JVM. */
    private static final Map<Key, ChanceSeparation> CACHE = new ConcurrentHashMap<>();

    private SmallClassNull() {
    }

    /** Whether a class of {@code n} rows in {@code d} dimensions is judged against the null. */
    static boolean applies(long n, int d) {
        return n < MAX_ROWS && n < (long) MAX_ROWS_PER_DIMENSION * d;
    }

    /** The null of a class of {@code n} rows in {@code d} dimensions, interpolated between grid row counts. */
    static ChanceSeparation at(int n, int d) {
        return ChanceSeparation.interpolated(n, GRID_START, GRID_RATIO, Integer.MAX_VALUE, size -> of(size, d));
    }

    /** The null of exactly {@code n} rows in {@code d} dimensions (cached). */
    static ChanceSeparation of(int n, int d) {
        Key key = new Key(n, d);
        ChanceSeparation known = CACHE.get(key);
        if (known == null) {
            known = compute(n, d);
            CACHE.putIfAbsent(key, known);
        }
        return known;
    }

    private static ChanceSeparation compute(int n, int d) {
        // The draws are independent and seeded one by one: in parallel, each with its own backend.
        double[] separations = java.util.stream.IntStream.range(0, DRAWS).parallel().mapToDouble(draw -> draw(n, d,
                new SplittableRandom(0x5EC7_0A11L ^ (((long) n << 32) | d) * 31 + draw), new JavaComputeBackend()))
                .toArray();
        return ChanceSeparation.fromDraws(n, separations);
    }

    /** One null class: centred Gaussian rows projected on their top eigenvector (from the n x n Gram matrix). */
    private static double draw(int n, int d, SplittableRandom random, JavaComputeBackend backend) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            double u = 1 - random.nextDouble();
            x[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += x[r * d + j] / n;
            }
            for (int r = 0; r < n; r++) {
                x[r * d + j] -= mean;
            }
        }
        double[] gram = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[a * d + j] * x[b * d + j];
                }
                gram[a * n + b] = s;
                gram[b * n + a] = s;
            }
        }
        SymmetricEigen eig = backend.topEigen(gram, n, 1);
        double scale = Math.sqrt(Math.max(0, eig.value(0)));
        double[] u = eig.vector(0);
        double[] projections = new double[n];
        for (int r = 0; r < n; r++) {
            projections[r] = scale * u[r];
        }
        return TwoGaussianMixture.fit(projections).separation();
    }
}
