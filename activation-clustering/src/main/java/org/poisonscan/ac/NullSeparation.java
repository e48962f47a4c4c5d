package org.poisonscan.ac;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.stats.ChanceSeparation;

/**
 * The separation that a clean class shows by chance at its size: one Gaussian cluster of {@code n} rows in the
 * {@code m} reduced dimensions, whitened, rotated by FastICA and split by k-means exactly as a class is, then measured
 * like a class's candidates. Ashman's D of 3 marks two clusters apart in a large sample, where such a split Gaussian
 * gives about 1.5 to 2 (5,000 to 1,000 rows); but ICA and k-means fitted to few rows find a direction that splits
 * those very rows: the median null D is 2.8 at 300 rows, 3.7 at 100 and 7.6 at 20. So a class fitted on fewer than
 * {@link #MAX_CALIBRATED_ROWS} rows is judged against this null. A candidate's separation must stand out from it as
 * the cross-class anomaly index must stand out among classes: {@code log D} at least the threshold's number of null
 * standard deviations above the null mean of {@code log D} (3, raised with many classes), since hundreds of clean
 * classes of one small size give a few far in the null's tail. And the class enters the cross-class comparison at its
 * separation scaled by the null median at {@link #MAX_CALIBRATED_ROWS} rows over the one at its size, so a small class
 * does not stand out among large ones by its size alone. The null is computed from {@link #DRAWS} draws at sizes of a
 * geometric grid and interpolated in log size; the draws are seeded from the size and computed by the pure-Java
 * backend (a few small fits), so a size gets the same null whatever the scan's seed and backend.
 */
final class NullSeparation {
    /** Null draws per size. */
    static final int DRAWS = 19;
    /**
     * Classes fitted on at least this many rows are judged as they are: the null's largest draw is about 3 there
     * (median 2.8), so Ashman's threshold already holds, and the comparison across classes of a few hundred rows
     * stays as it was (scaling it too moved a natural cluster of a 546-row class over the anomaly threshold).
     */
    static final int MAX_CALIBRATED_ROWS = 300;
    /** Ratio of consecutive sizes of the grid the null is computed on. */
    private static final double GRID_RATIO = 1.25;

    /** What a null depends on: the steps' options and the size. */
    private record Key(ReductionOptions reduction, KMeansOptions kmeans, int statisticsRows, int minClusterRows,
            int n, int m) {
    }

    /** Nulls already computed in this JVM: every scan of a class of one size and configuration shares them. */
    private static final Map<Key, ChanceSeparation> CACHE = new ConcurrentHashMap<>();

    private final ActivationClusteringConfig config;

    NullSeparation(ActivationClusteringConfig config) {
        this.config = config;
    }

    /** Whether a class fitted on {@code n} rows is judged against the null. */
    static boolean calibrated(int n) {
        return n < MAX_CALIBRATED_ROWS;
    }

    /** The null of a class fitted on {@code n} rows in {@code m} dimensions, interpolated on the grid of sizes. */
    ChanceSeparation at(int n, int m) {
        return ChanceSeparation.interpolated(n, 20, GRID_RATIO, MAX_CALIBRATED_ROWS, size -> of(size, m));
    }

    /** The factor that scales a class's separation at {@code n} rows to the null at the calibration's largest size. */
    double scale(int n, int m) {
        double ref = of(MAX_CALIBRATED_ROWS, m).median();
        double own = at(n, m).median();
        return Double.isFinite(ref) && own > 0 ? ref / own : 1;
    }

    /** The null of exactly {@code n} rows in {@code m} dimensions (cached). */
    ChanceSeparation of(int n, int m) {
        Key key = new Key(config.reduction(), config.kmeans(), config.statisticsRows(),
                config.analysis().minClusterRows(), n, m);
        ChanceSeparation known = CACHE.get(key);
        if (known == null) {
            known = compute(n, m);
            CACHE.putIfAbsent(key, known);
        }
        return known;
    }

    private ChanceSeparation compute(int n, int m) {
        double[] d = new double[DRAWS];
        // The draws are independent and seeded one by one: in parallel, each with its own backend.
        java.util.stream.IntStream.range(0, DRAWS).parallel().forEach(draw ->
                d[draw] = draw(n, m, Fitting.seed(0x5EED_0F_A11L, n * 64 + m, draw), new JavaComputeBackend()));
        return ChanceSeparation.fromDraws(n, d);
    }

    /** One null class: the largest separation among its candidates big enough to judge, as {@link Judge} takes it. */
    private double draw(int n, int m, long seed, ComputeBackend backend) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] rows = whitened(gaussian(n, m, random), n, m, backend);
        if (rows == null) {
            return Double.NaN;
        }
        ReductionOptions r = config.reduction();
        if (r.method() == ReductionOptions.Method.ICA) {
            FastIca.Result ica = FastIca.fit(rows, n, m, r.icaMaxIterations(), r.icaTolerance(), random.nextLong(),
                    backend);
            rows = rotate(rows, n, m, ica.unmixing());
        }
        KMeans.Result k;
        try {
            k = KMeans.fit(rows, n, m, config.kmeans(), random.nextLong(), backend);
        } catch (DegenerateClassException e) {
            return Double.NaN;
        }
        int[] subset = Fitting.choose(n, config.statisticsRows(), new SplittableRandom(random.nextLong()));
        double max = Double.NaN;
        for (int j = 1; j < k.sizes().length; j++) {
            if (k.sizes()[j] < config.analysis().minClusterRows()) {
                continue;
            }
            double s = ClusterStatistics.candidate(rows, n, m, k.assignment(), k.centres(), j, subset).separation();
            if (Double.isFinite(s)) {
                max = Double.isNaN(max) ? s : Math.max(max, s);
            }
        }
        return max;
    }

    private static double[] gaussian(int n, int m, SplittableRandom random) {
        double[] x = new double[n * m];
        for (int i = 0; i < x.length; i += 2) {
            // Box-Muller: two standard normals from two uniforms.
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            double radius = Math.sqrt(-2 * Math.log(u));
            x[i] = radius * Math.cos(2 * Math.PI * v);
            if (i + 1 < x.length) {
                x[i + 1] = radius * Math.sin(2 * Math.PI * v);
            }
        }
        return x;
    }

    /** The rows centred and whitened by their own covariance, as a class's reducer does; null when singular. */
    private static float[] whitened(double[] x, int n, int m, ComputeBackend backend) {
        double[] mean = new double[m];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < m; i++) {
                mean[i] += x[r * m + i] / n;
            }
        }
        double[] cov = new double[m * m];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < m; i++) {
                double a = x[r * m + i] - mean[i];
                for (int j = 0; j < m; j++) {
                    cov[i * m + j] += a * (x[r * m + j] - mean[j]) / (n - 1);
                }
            }
        }
        SymmetricEigen eig = backend.topEigen(cov, m, m);
        float[] out = new float[n * m];
        for (int j = 0; j < m; j++) {
            double value = eig.value(j);
            if (!(value > eig.value(0) * Reducer.RELATIVE_VARIANCE_FLOOR)) {
                return null;
            }
            double[] v = eig.vector(j);
            double scale = 1 / Math.sqrt(value);
            for (int r = 0; r < n; r++) {
                double p = 0;
                for (int i = 0; i < m; i++) {
                    p += (x[r * m + i] - mean[i]) * v[i];
                }
                out[r * m + j] = (float) (p * scale);
            }
        }
        return out;
    }

    private static float[] rotate(float[] rows, int n, int m, double[] unmixing) {
        float[] out = new float[n * m];
        for (int r = 0; r < n; r++) {
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int b = 0; b < m; b++) {
                    s += unmixing[a * m + b] * rows[r * m + b];
                }
                out[r * m + a] = (float) s;
            }
        }
        return out;
    }
}
