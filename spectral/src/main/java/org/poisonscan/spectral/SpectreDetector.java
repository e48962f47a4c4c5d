package org.poisonscan.spectral;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.DistributableDetector;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.pass.PairedAggregation;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.stats.ClassMoments;
import org.poisonscan.api.stats.UnitFloors;

/**
 * SPECTRE (Hayase, Kong, Somani and Oh, "SPECTRE: Defending Against Backdoor Attacks Using Robust Statistics", ICML
 * 2021): robust covariance estimation, whitening, QUantum Entropy scores, and a sweep over the number of principal
 * dimensions, per class. It finds poisons that spectral signatures (Tran et al. 2018) miss: few poisons, or a trigger
 * spread over several directions, whose added variance {@code eps delta^2} is small against the class's top clean
 * eigenvalue but large against the robustly whitened, flat clean spectrum.
 *
 * <p>Passes over the source: (1) class means and covariances through the backend's Gram kernel, then the top
 * {@code K <= maxDims} principal directions of each class; (2) each row projected on its class's K directions and kept
 * in a seeded sample of at most {@code sampleCapacity} rows per class (the whole class when smaller; chosen by a hash
 * of the row index, so a partitioned fit on Spark keeps the same rows, see {@link ProjectedRowsSample}); the final
 * scoring pass is the scanner's, through {@link FittedSpectre}. Per class, {@link QueSweep} runs the robust filter
 * ({@link RobustFilter}), whitening and QUE scoring for k = 1, 4, 9, ..., K and keeps the k of largest QUE criterion.
 *
 * <p><b>What the reference code is told and this detector estimates.</b> The reference Julia code reads the target
 * class and the poison count eps from the experiment's name; here neither is given:
 * <ul>
 *   <li>eps: the filter removes rows only while a held-out half confirms a one-sided tail excess along a
 *       fourth-moment direction (no budget; see {@link RobustFilter}), and the QUE flag threshold is the score a clean
 *       row exceeds with probability {@code flagTailRows / classRows} (a saddlepoint quantile of
 *       {@code sum m_j Z_j^2}). The rows above it at the chosen k are the estimated poisons; their share is reported
 *       as {@code estimated_poison_rate}, next to the filter's own count. Nothing is flagged at a k where the filter
 *       removed nothing (the whitened covariance is then exactly the identity);</li>
 *   <li>the target class: the class statistic is the chosen k's QUE criterion (1 when nothing is flagged, growing
 *       with the variance the flagged rows add). A class is judged poisoned when at least {@code minClusterRows}
 *       rows are flagged, its criterion is at least {@code minCriterion}, and, with at least
 *       {@code minClassesToCompare} scanned classes, the criterion stands out from the other classes' by a MAD anomaly
 *       index of at least {@code minAnomalyIndex}. Only rows of poisoned classes are flagged, and there above a
 *       lower threshold when the flagged group runs down to the verdict's threshold (poisons overlap the clean
 *       tail): the clean tail's quantile at {@code poisonedClassTail} (1% of the class's clean
 *       rows), since the verdict's half-row budget leaves the poisons whose scores overlap the clean tail; only when
 *       the classes judged clean show the tail the Gaussian model predicts (at least two of them, their median count
 *       above the strict threshold at most {@code minClusterRows}): on heavy-tailed real activations the 1% quantile
 *       is exceeded by far more clean rows (delta 6 in the quality
 *       grid: recall 0.6 at the verdict's threshold, 0.95 at the class's 1%, benchmarks/RESULTS-quality.md).</li>
 * </ul>
 *
 * <p><b>Weaknesses.</b> The null calibrations assume roughly Gaussian clean rows within a class. Symmetric heavy tails
 * (a multivariate t, say) are not mistaken for poisons thanks to the one-sided test, but a skewed heavy tail can be
 * peeled off and flagged (the cross-class comparison guards the verdict; a probe with censored Gaussians,
 * {@code max(0, x - 0.5)} of a low-rank class, still had a clean class judged poisoned at k = 36 of 64, the filter
 * having removed 31% of its rows). Shifts of less than about 5 clean standard
 * deviations are not removed by the filter, so they are scored but not flagged. Fewer than about 11 poisons in a
 * held-out half (some 22 in a class) cannot pass the one-sided test. When most classes are poisoned, the cross-class
 * comparison has no clean majority to compare with. On floored activations (ReLU outputs) natural sub-populations are
 * judged poisoned too: where a group stands out in most classes of such a set, a verdict of poisoned asks another
 * detector of the set for corroboration ({@link #FLOORED_SHARE_NEEDING_CORROBORATION},
 * {@link #GROUPED_SHARE_NEEDING_CORROBORATION}). A second sweep, whose robust filter allows for skewed tails
 * ({@link RobustFilter}, {@link PowerLawTail}), may veto a floored class's verdict: without it SPECTRE alone judged a
 * clean class poisoned in every floored synthetic set of the quality grid (session 27), with it in none (session 28).
 */
public final class SpectreDetector implements DistributableDetector {
    /** The detector's name. */
    public static final String NAME = "spectre";
    static final String STATISTIC = "que_criterion";
    private static final double RANK_TOLERANCE = 1e-9;
    /** Up to this dimension the sweep may take the whole space (below it, little but k = 1 would be left). */
    static final int SMALLEST_DIMENSION_CUT = 4;

    /**
     * The share of a class's values at their unit's minimum ({@link UnitFloors}) from which SPECTRE's verdict of
     * poisoned asks for corroboration ({@link ClassResult#NEEDS_CORROBORATION}). Gaussian-like rows hold a unit's
     * minimum once; the penultimate ReLU layers of the Fashion-MNIST and MNIST CNNs hold it in 33-49% of the values of
     * their live units, and there every class SPECTRE alone judged poisoned was clean ({@code CombinationRule}). From
     * the same share on, the sweep whose filter allows for skewed tails may veto the class's verdict.
     */
    static final double FLOORED_SHARE_NEEDING_CORROBORATION = 0.1;

    /**
     * The share of the set's other scanned classes in which a group stands out (QUE criterion at or above
     * {@code minCriterion}) from which a floored class's verdict of poisoned asks for corroboration. On the CNNs'
     * penultimate layers SPECTRE finds a group in 9 or 10 of 10 classes of every model, clean or not (natural
     * sub-populations), and so it does in 89-100% of the synthetic generator's floored classes (rank 20 plus noise,
     * 32 units), where its lone verdicts were as often clean classes as target ones (benchmarks/RESULTS-quality.md,
     * session 27); the share is counted on the plain filter's sweeps ({@link #groupedShare}). On floored rows whose
     * other classes show no group (a probe's ReLU of full-rank Gaussian classes, 256 units: criterion 1.000 in every
     * clean class) its verdict stands without another detector's.
     */
    static final double GROUPED_SHARE_NEEDING_CORROBORATION = 0.5;

    private final SpectreConfig config;

    public SpectreDetector(SpectreConfig config) {
        this.config = config;
    }

    public SpectreDetector() {
        this(SpectreConfig.defaults());
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
        Map<Integer, double[]> bases = new TreeMap<>();
        for (ClassMoments m : moments.values()) {
            String reason = skipReason(m);
            int dims = 0;
            SymmetricEigen eig = null;
            if (reason == null) {
                // The sweep uses at most maxDims principal directions: only those are computed.
                eig = backend.topEigen(m.covariance(), m.dim(), Math.min(config.maxDims(), m.dim()));
                dims = dimensions(m, eig);
                if (dims < 1) {
                    reason = ClassMoments.CONSTANT_REASON;
                }
            }
            if (reason != null) {
                notScanned.put(m.label(), ClassResult.notScanned(m.label(), m.count(), STATISTIC, reason));
            } else {
                bases.put(m.label(), eig.topVectors(dims));
            }
        }
        PairedAggregation.Results<TreeMap<Integer, RowSample>, TreeMap<Integer, UnitFloors.Floors>> pass =
                passes.aggregate(new PairedAggregation<>(new ProjectedRowsSample(config, moments, bases),
                        new UnitFloors()));
        Map<Integer, RowSample> samples = pass.first();
        Map<Integer, UnitFloors.Floors> floors = pass.second();
        QueSweep sweep = new QueSweep(backend, config);
        Map<Integer, SweepResult> sweeps = new TreeMap<>();
        for (Map.Entry<Integer, RowSample> e : samples.entrySet()) {
            int label = e.getKey();
            RowSample s = e.getValue();
            sweeps.put(label, sweep.run(s.rows(), s.size(), dims(bases, label, passes.dimension()),
                    moments.get(label).count(), seed(label), false));
        }
        SpectreVerdicts verdicts = new SpectreVerdicts(config);
        List<ClassResult> results = new ArrayList<>(notScanned.values());
        Map<Integer, SpectreModel> models = new TreeMap<>();
        List<ClassResult> plain = verdicts.judge(moments, sweeps, samples);
        boolean tailsFit = verdicts.cleanTailsFitTheModel(plain, sweeps);
        // On floored activations a second sweep, whose filter allows for skewed tails, may veto a verdict; it is
        // needed (for every floored class: the veto's cross-class comparison) only where a floored class is judged.
        Map<Integer, SweepResult> skewAwareSweeps = new TreeMap<>();
        boolean flooredVerdict = plain.stream()
                .anyMatch(r -> r.verdict() == Verdict.POISONED && isFloored(floors.get(r.label())));
        for (Map.Entry<Integer, RowSample> e : samples.entrySet()) {
            int label = e.getKey();
            if (flooredVerdict && isFloored(floors.get(label))) {
                RowSample s = e.getValue();
                skewAwareSweeps.put(label, sweep.run(s.rows(), s.size(), dims(bases, label, passes.dimension()),
                        moments.get(label).count(), seed(label), true));
            }
        }
        List<ClassResult> judged = vetoed(plain, verdicts, moments, sweeps, skewAwareSweeps, samples);
        for (ClassResult r : judged) {
            ClassMoments m = moments.get(r.label());
            boolean poisoned = r.verdict() == Verdict.POISONED;
            SweepResult s = sweeps.get(r.label());
            Map<String, Object> details = new LinkedHashMap<>(r.details());
            double floored = floors.get(r.label()).flooredShare();
            details.put("floored_share", floored);
            String reason = r.reason();
            if (poisoned) {
                details.put("flag_threshold_lowered", tailsFit && s.poisonedThreshold() < s.threshold());
                details.put("clean_classes_fit_the_tail", tailsFit);
                double othersGrouped = groupedShare(sweeps, r.label());
                details.put("other_classes_with_a_group", othersGrouped);
                if (isFloored(floors.get(r.label()))
                        && othersGrouped >= GROUPED_SHARE_NEEDING_CORROBORATION) {
                    details.put(ClassResult.NEEDS_CORROBORATION, true);
                    reason += String.format(java.util.Locale.ROOT, "; but %.0f%% of its units' values sit at their"
                            + " minimum (floored activations, as after a ReLU) and a group stands out in %.0f%% of"
                            + " the other classes too (SPECTRE's Gaussian model misreads this layer's natural"
                            + " structure), so with other detectors this counts only if one of them judges the class"
                            + " poisoned too", 100 * floored, 100 * othersGrouped);
                }
            }
            r = new ClassResult(r.label(), r.rows(), r.verdict(), r.statistic(), r.value(), r.anomalyIndex(), reason,
                    details);
            results.add(r);
            models.put(r.label(), model(m, bases.get(r.label()), s, poisoned, verdicts.escalates(s), tailsFit));
        }
        results.sort((a, b) -> Integer.compare(a.label(), b.label()));
        return new FittedSpectre(models, results, parameters(), backend);
    }

    /**
     * The plain sweeps' verdicts, with each floored class judged poisoned there but not by the sweep whose filter
     * allows for skewed tails turned clean, reported with that sweep's figures. Along a direction of a floored class
     * one side has a long tail and the other none, which the plain filter takes for a group in nearly every clean
     * class (on the quality grid's floored cells SPECTRE alone judged a clean class in every seed; session 27). The
     * veto only ever removes a verdict: where the skew-aware filter judged classes that the plain one did not (a
     * reduced Fashion-MNIST run's two classes, whose own flags then raised the default set's FPR from 0.8% to 2.3%),
     * or judged with its own scores (the default set's FPR at BadNets 5% on the saved Fashion-MNIST activations rose
     * from 0.15% to 1.38%), it did worse than the plain filter (session 28).
     */
    private static List<ClassResult> vetoed(List<ClassResult> plain, SpectreVerdicts verdicts,
            Map<Integer, ClassMoments> moments, Map<Integer, SweepResult> sweeps,
            Map<Integer, SweepResult> skewAwareSweeps, Map<Integer, RowSample> samples) {
        if (skewAwareSweeps.isEmpty()) {
            return plain;
        }
        Map<Integer, SweepResult> mixed = new TreeMap<>(sweeps);
        mixed.putAll(skewAwareSweeps);
        Map<Integer, ClassResult> skewAware = new TreeMap<>();
        for (ClassResult r : verdicts.judge(moments, mixed, samples)) {
            skewAware.put(r.label(), r);
        }
        List<ClassResult> out = new ArrayList<>();
        for (ClassResult r : plain) {
            ClassResult other = skewAware.get(r.label());
            if (!skewAwareSweeps.containsKey(r.label()) || r.verdict() != Verdict.POISONED
                    || other.verdict() == Verdict.POISONED) {
                out.add(r);
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>(other.details());
            details.put("verdict_filter", "skewed tails");
            details.put("plain_filter_criterion", r.value());
            details.put("plain_filter_anomaly_index", r.anomalyIndex());
            String reason = String.format(java.util.Locale.ROOT, "not judged poisoned: the plain robust filter finds a"
                    + " group (QUE criterion %.3f, anomaly index %.2f), but the class's activations are floored (as"
                    + " after a ReLU) and the filter that allows for their skewed tails finds none that stands out: ",
                    r.value(), r.anomalyIndex()) + other.reason();
            out.add(new ClassResult(r.label(), r.rows(), Verdict.CLEAN, r.statistic(), other.value(),
                    other.anomalyIndex(), reason, details));
        }
        return out;
    }

    /** The sweep's largest k for a class: its basis's rows. */
    private static int dims(Map<Integer, double[]> bases, int label, int dimension) {
        return bases.get(label).length / dimension;
    }

    /** The seed of a class's filter half split (both sweeps of a class split its rows alike). */
    private long seed(int label) {
        return config.seed() * 0x9E3779B97F4A7C15L + label;
    }

    private static boolean isFloored(UnitFloors.Floors floors) {
        return floors.flooredShare() >= FLOORED_SHARE_NEEDING_CORROBORATION;
    }

    /**
     * The share of the scanned classes other than {@code label} in which the plain filter's sweep finds a group (its
     * QUE criterion reaches the verdict's floor, whatever the anomaly index says); 0 when there is no other class.
     * The plain sweeps, not the skew-aware ones: on sparse ReLU outputs (70-90% zeros) the skew-aware filter finds no
     * group in most clean classes but still one in a few (a unit's rare firing is a group beyond the cut however the
     * tail is modelled), and counted that way those few stood alone in the default set (a variant of session 28 that
     * took both the verdicts and this share from the skew-aware sweeps judged clean classes in 5 of 12 sparse sets,
     * against none).
     */
    private double groupedShare(Map<Integer, SweepResult> sweeps, int label) {
        int others = 0;
        int grouped = 0;
        for (Map.Entry<Integer, SweepResult> e : sweeps.entrySet()) {
            if (e.getKey() != label) {
                others++;
                if (e.getValue().criterion() >= config.minCriterion()) {
                    grouped++;
                }
            }
        }
        return others == 0 ? 0 : (double) grouped / others;
    }

    private String skipReason(ClassMoments m) {
        if (m.count() < config.minClassRows()) {
            return "only " + m.count() + " row(s); at least " + config.minClassRows() + " are needed to judge a class";
        }
        return m.constant() ? ClassMoments.CONSTANT_REASON : null;
    }

    /**
     * K: at most maxDims, rows / minRowsPerDim and the covariance's numerical rank, and below d unless d is at most
     * {@link #SMALLEST_DIMENSION_CUT}. With every direction kept the whitening divides by the class's least-variance
     * directions, where discrete or censored activations (counts, ReLU zeros) are far from Gaussian and their rare
     * values stand out as a one-sided group (probes: clean ReLU and Poisson-count classes judged poisoned at k = d
     * only). A poison group raises the variance along its direction, so it lies among the top ones, never the last.
     */
    private int dimensions(ClassMoments m, SymmetricEigen eig) {
        int rank = 0;
        while (rank < m.dim() && eig.value(rank) > RANK_TOLERANCE * eig.value(0)) {
            rank++;
        }
        long byRows = m.count() / config.minRowsPerDim();
        int full = m.dim() > SMALLEST_DIMENSION_CUT ? m.dim() - 1 : m.dim();
        return (int) Math.min(Math.min(Math.min(config.maxDims(), rank), byRows), full);
    }

    /** Folds the chosen k's robust mean, whitening and QUE matrix into the activation space. */
    private static SpectreModel model(ClassMoments m, double[] basis, SweepResult s, boolean flagging,
            boolean escalates, boolean tailsFit) {
        int d = m.dim();
        int k = s.k();
        double[] pk = new double[k * d];
        System.arraycopy(basis, 0, pk, 0, k * d);
        double[] center = m.mean();
        double[] mu = s.mean();
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                center[i] += mu[j] * pk[j * d + i];
            }
        }
        double[] folded = SymmetricFunctions.multiply(s.scoreBasis(), k, k, pk, d);
        return new SpectreModel(m.label(), center, folded, k, s.threshold(),
                tailsFit ? s.poisonedThreshold() : s.threshold(), flagging, escalates);
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("policy", "automatic (poison rate and target class estimated)");
        p.put("max_dims", config.maxDims());
        p.put("alpha", config.alpha());
        p.put("min_class_rows", config.minClassRows());
        p.put("min_rows_per_dim", config.minRowsPerDim());
        p.put("filter_p_value", config.filterPValue());
        p.put("symmetry_p_value", config.symmetryPValue());
        p.put("filter_tail_rows", config.filterTailRows());
        p.put("max_filter_rounds", config.maxFilterRounds());
        p.put("flag_tail_rows", config.flagTailRows());
        p.put("poisoned_class_tail", config.poisonedClassTail());
        p.put("min_cluster_rows", config.minClusterRows());
        p.put("min_criterion", config.minCriterion());
        p.put("min_anomaly_index", config.minAnomalyIndex());
        p.put("anomaly_scale_floor", config.anomalyScaleFloor());
        p.put("sample_capacity", config.sampleCapacity());
        p.put("seed", config.seed());
        return p;
    }
}
