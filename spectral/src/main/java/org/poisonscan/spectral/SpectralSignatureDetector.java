package org.poisonscan.spectral;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.detect.AnomalyIndex;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.DistributableDetector;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.stats.ChanceSeparation;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.Poisson;
import org.poisonscan.api.stats.Reservoir;
import org.poisonscan.api.stats.TopEigen;
import org.poisonscan.api.stats.TwoGaussianMixture;

/**
 * Spectral signatures (Tran, Li and Madry, NeurIPS 2018). Per class: centre the activations, take the top eigenvector
 * v of the class covariance, and score each row by its squared centred projection {@code ((r - mean) . v)^2}
 * (Algorithm 1 of the paper; the authors' code and IBM ART score the uncentred {@code |r . v|}, available as
 * {@link SpectralConfig.Scoring#UNCENTRED_ART}).
 *
 * <p>Passes over the source: (1) class means and covariances through the backend's Gram kernel; (2) centred
 * projections, sampled per class ({@link ProjectionSample}: by a seeded hash of the row index, so a partitioned fit
 * samples the same rows); the final scoring pass is the scanner's. Both passes are mergeable aggregations
 * ({@link org.poisonscan.api.pass}), so the same fit runs on Spark. Memory is one d x d matrix and one bounded sample
 * per class.
 *
 * <p><b>Automatic policy</b> (no poison rate given). The poisons of a class whose shift dominates its top eigenvector
 * form a second mode along v. A two-component Gaussian mixture is fitted to the projections; the class statistic is
 * the components' separation (Ashman's D). A class is judged poisoned when (a) D is at least {@code minSeparation}
 * (clearly bimodal), (b) at least {@code minClusterRows} rows lie beyond the components' boundary, far more than the
 * main component's Gaussian tail puts there (Poisson p <= 1e-6), and (c) with enough scanned
 * classes, its D stands out from the other classes' by a MAD anomaly index of at least {@code minAnomalyIndex}. Only
 * rows of poisoned classes are flagged: those whose posterior for the minor component exceeds one half, on the minor
 * side. A clean Gaussian class fits two overlapping components (D well below 3), so nothing is flagged there.
 *
 * <p><b>Rate-based policy</b> ({@code expectedPoisonRate} given): the paper's rule, the top
 * {@code 1.5 x rate} of every class by score; class verdicts still come from the separation statistic.
 *
 * <p><b>Weakness.</b> The shift is visible only when {@code rate * delta^2} clearly exceeds the top clean eigenvalue
 * of the class: few poisons or a trigger spread over several directions stay hidden (use SPECTRE there).
 */
public final class SpectralSignatureDetector implements DistributableDetector {
    /** The detector's name. */
    public static final String NAME = "spectral";
    static final String STATISTIC = "separation";
    /** Values the mixture is fitted on: five parameters need no more, and EM cost grows with the sample. */
    static final int MIXTURE_SAMPLE = 10_000;
    /** Largest Poisson p-value of the rows beyond the boundary given the main component's tail. */
    static final double MAX_TAIL_P = 1e-6;

    private final SpectralConfig config;

    public SpectralSignatureDetector(SpectralConfig config) {
        this.config = config;
    }

    public SpectralSignatureDetector() {
        this(SpectralConfig.defaults());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int batchRows() {
        return config.batchRows();
    }

    @Override
    public PortableFittedDetector fit(Passes passes, ComputeBackend backend) throws IOException {
        Map<Integer, ClassMoments> moments = ClassMoments.compute(passes);
        Map<Integer, ClassResult> notScanned = new TreeMap<>();
        Map<Integer, double[]> directions = new TreeMap<>();
        Map<Integer, double[]> eigenvalues = new TreeMap<>();
        List<ClassMoments> scanned = new ArrayList<>();
        for (ClassMoments m : moments.values()) {
            String reason = skipReason(m);
            if (reason != null) {
                notScanned.put(m.label(), ClassResult.notScanned(m.label(), m.count(), STATISTIC, reason));
            } else {
                scanned.add(m);
            }
        }
        // The eigen-decompositions are independent per class (tens of milliseconds each at d = 2048): in parallel.
        Map<Integer, SymmetricEigen> eigens = new java.util.concurrent.ConcurrentHashMap<>();
        scanned.parallelStream().forEach(m -> eigens.put(m.label(),
                TopEigen.compute(m.covariance(), m.dim(), Math.min(2, m.dim()), backend)));
        for (ClassMoments m : scanned) {
            SymmetricEigen eig = eigens.get(m.label());
            directions.put(m.label(), eig.vector(0));
            eigenvalues.put(m.label(), new double[] {eig.value(0), m.dim() > 1 ? eig.value(1) : 0});
        }
        Map<Integer, Reservoir> samples = passes.aggregate(new ProjectionSample(config, moments, directions));

        // The mixture fits are independent per class and cost about 0.1 s each: fit them in parallel.
        Map<Integer, TwoGaussianMixture> mixtures = new java.util.concurrent.ConcurrentHashMap<>();
        directions.keySet().parallelStream().forEach(label -> {
            double[] p = samples.get(label).sample();
            if (!isConstant(p)) {
                mixtures.put(label, TwoGaussianMixture.fit(subsample(p, MIXTURE_SAMPLE, config.seed() + label)));
            }
        });
        Map<Integer, ClassModel> models = new TreeMap<>();
        for (Map.Entry<Integer, double[]> e : directions.entrySet()) {
            int label = e.getKey();
            TwoGaussianMixture mixture = mixtures.get(label);
            if (mixture == null) {
                notScanned.put(label, ClassResult.notScanned(label, moments.get(label).count(), STATISTIC,
                        "projections on the top eigenvector are all equal"));
                continue;
            }
            models.put(label, new ClassModel(label, moments.get(label).mean(), e.getValue(), mixture,
                    ClassModel.Flagging.NONE, Double.NaN));
        }
        return judge(moments, models, notScanned, eigenvalues, samples, backend);
    }

    private String skipReason(ClassMoments m) {
        if (m.count() < config.minClassRows()) {
            return "only " + m.count() + " row(s); at least " + config.minClassRows() + " are needed to judge a class";
        }
        return m.constant() ? ClassMoments.CONSTANT_REASON : null;
    }

    private FittedSpectral judge(Map<Integer, ClassMoments> moments, Map<Integer, ClassModel> models,
            Map<Integer, ClassResult> notScanned, Map<Integer, double[]> eigenvalues, Map<Integer, Reservoir> samples,
            ComputeBackend backend) {
        int[] labels = models.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[] separation = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            separation[i] = models.get(labels[i]).mixture().separation();
        }
        boolean compare = labels.length >= config.minClassesToCompare();
        double[] index = compare ? AnomalyIndex.of(separation, config.anomalyScaleFloor()) : null;
        double minIndex = AnomalyIndex.threshold(config.minAnomalyIndex(), labels.length);

        List<ClassResult> results = new ArrayList<>(notScanned.values());
        Map<Integer, ClassModel> finalModels = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            ClassModel m = models.get(labels[i]);
            long rows = moments.get(labels[i]).count();
            TwoGaussianMixture mix = m.mixture();
            double[] sample = samples.get(labels[i]).sample();
            long beyond = countInMinor(sample, mix);
            double minorRows = (double) beyond / sample.length * rows;
            double expectedBeyond = mix.majorTailBeyondBoundary() * mix.weights()[0] * sample.length;
            double tailRows = expectedBeyond / sample.length * rows;
            double tailP = Poisson.upperTail(beyond, expectedBeyond);
            double minSeparation = config.minSeparation();
            ChanceSeparation chance = SmallClassNull.applies(rows, m.mean().length)
                    ? SmallClassNull.at((int) rows, m.mean().length) : null;
            if (chance != null && Double.isFinite(chance.logMean())) {
                // Few rows for the dimension: the top eigenvector is fitted to them and splits them by chance, so
                // the separation must stand out from that as far as an anomaly index must stand out among classes.
                minSeparation = Math.max(minSeparation, chance.threshold(
                        AnomalyIndex.threshold(config.minAnomalyIndex(), Math.max(1, labels.length))));
            }
            boolean bimodal = separation[i] >= minSeparation;
            // The minor group must be real: at least minClusterRows, and far more rows beyond the boundary than the
            // main component's Gaussian tail puts there. The boundary was placed after looking at the data, so the
            // Poisson test is strict (p <= 1e-6): a clean class's own extreme points never pass it.
            boolean bigEnough = minorRows >= config.minClusterRows() && tailP <= MAX_TAIL_P;
            // A planted group is a minority; a minor component holding a large share of the class is two natural
            // kinds of one class (a bag with and without handles), which real activations show often.
            boolean minority = minorRows <= config.maxPoisonFraction() * rows;
            boolean standsOut = !compare || index[i] >= minIndex;
            boolean poisoned = bimodal && bigEnough && minority && standsOut;
            String reason = reason(separation[i], minSeparation, chance, m.mean().length, minorRows, rows,
                    compare ? index[i] : Double.NaN, minIndex, poisoned);

            ClassModel fittedModel;
            Map<String, Object> details = new LinkedHashMap<>();
            double[] ev = eigenvalues.get(labels[i]);
            details.put("top_eigenvalue", ev[0]);
            details.put("second_eigenvalue", ev[1]);
            details.put("minor_fraction", mix.weights()[1]);
            details.put("rows_beyond_boundary", Math.round(minorRows));
            details.put("expected_tail_rows", tailRows);
            details.put("tail_excess_p", tailP);
            details.put("boundary", mix.boundary());
            details.put("major_mean", mix.means()[0]);
            details.put("minor_mean", mix.means()[1]);
            details.put("major_sd", mix.sds()[0]);
            details.put("minor_sd", mix.sds()[1]);
            if (chance != null) {
                details.put("null_separation_median", chance.median());
                details.put("null_log_separation_mean", chance.logMean());
                details.put("null_log_separation_sd", chance.logSd());
                details.put("min_separation", minSeparation);
            }
            if (config.rateGiven()) {
                double threshold = topFractionThreshold(samples.get(labels[i]).sample(), m);
                fittedModel = m.withFlagging(ClassModel.Flagging.TOP_FRACTION, threshold);
                details.put("score_threshold", threshold);
            } else {
                fittedModel = m.withFlagging(poisoned ? ClassModel.Flagging.MINOR_COMPONENT : ClassModel.Flagging.NONE,
                        Double.NaN);
            }
            if (poisoned) {
                details.put("estimated_poison_rate", mix.weights()[1]);
            }
            details.put("sample_exact", samples.get(labels[i]).exact());
            finalModels.put(labels[i], fittedModel);
            results.add(new ClassResult(labels[i], rows, poisoned ? Verdict.POISONED : Verdict.CLEAN, STATISTIC,
                    separation[i], compare ? index[i] : Double.NaN, reason, details));
        }
        results.sort((a, b) -> Integer.compare(a.label(), b.label()));
        return new FittedSpectral(config, finalModels, results, parameters(), backend);
    }

    private String reason(double separation, double minSeparation, ChanceSeparation chance, int dim,
            double minorRows, long rows, double index, double minIndex, boolean poisoned) {
        String needed = minSeparation > config.minSeparation()
                ? String.format(java.util.Locale.ROOT, "%.2f, far above what %d isotropic rows in %d dimensions show"
                        + " by chance: median %.2f", minSeparation, chance.rows(), dim, chance.median())
                : String.format(java.util.Locale.ROOT, "%.1f", minSeparation);
        String figures = String.format(java.util.Locale.ROOT,
                "separation D=%.2f (poisoned needs >= %s), ~%.0f rows beyond the boundary (needs >= %d, far more"
                        + " than the main component's tail explains, and at most %.0f%% of the class's %d rows)%s",
                separation, needed, minorRows, config.minClusterRows(),
                100 * config.maxPoisonFraction(), rows,
                Double.isNaN(index) ? ", too few classes to compare"
                        : String.format(java.util.Locale.ROOT, ", anomaly index %.2f (needs >= %s)", index,
                                AnomalyIndex.format(minIndex)));
        if (poisoned) {
            return "a separate group of rows along the top eigenvector: " + figures;
        }
        return "no separate group along the top eigenvector: " + figures;
    }

    /** Score at or above which the top {@code multiplier x rate} of the class lies, estimated from the sample. */
    private double topFractionThreshold(double[] projections, ClassModel m) {
        double[] scores = new double[projections.length];
        double offset = 0;
        for (int i = 0; i < m.mean().length; i++) {
            offset += m.mean()[i] * m.direction()[i];
        }
        for (int i = 0; i < projections.length; i++) {
            scores[i] = FittedSpectral.score(config.scoring(), projections[i], offset);
        }
        Arrays.sort(scores);
        int k = (int) Math.ceil(config.removalMultiplier() * config.expectedPoisonRate() * scores.length);
        k = Math.max(1, Math.min(k, scores.length));
        return scores[scores.length - k];
    }

    private static long countInMinor(double[] sample, TwoGaussianMixture mix) {
        long in = 0;
        for (double p : sample) {
            if (mix.inMinor(p)) {
                in++;
            }
        }
        return in;
    }

    /** A seeded uniform subsample of at most {@code size} values (partial Fisher-Yates on a copy). */
    static double[] subsample(double[] values, int size, long seed) {
        if (values.length <= size) {
            return values;
        }
        double[] copy = values.clone();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(copy.length - i);
            double t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, size);
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("policy", config.rateGiven() ? "expected-rate" : "automatic");
        if (config.rateGiven()) {
            p.put("expected_poison_rate", config.expectedPoisonRate());
            p.put("removal_multiplier", config.removalMultiplier());
        }
        p.put("scoring", config.scoring().name().toLowerCase(java.util.Locale.ROOT));
        p.put("min_class_rows", config.minClassRows());
        p.put("min_cluster_rows", config.minClusterRows());
        p.put("min_separation", config.minSeparation());
        p.put("min_anomaly_index", config.minAnomalyIndex());
        p.put("anomaly_scale_floor", config.anomalyScaleFloor());
        p.put("sample_capacity", config.sampleCapacity());
        p.put("seed", config.seed());
        return p;
    }
}
