package org.poisonscan.ac;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.DistributableDetector;
import org.poisonscan.api.detect.PortableFittedDetector;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.stats.ClassMoments;

/**
 * Activation clustering (Chen, Carvalho, Baracaldo, Ludwig, Edwards, Lee, Molloy and Srivastava, "Detecting Backdoor
 * Attacks on Deep Neural Networks by Activation Clustering", arXiv:1811.03728, 2018). The poisoned rows of a target
 * class reach their label through the trigger rather than through the class's own features, so the class's activations
 * split into two groups; a clean class has no such split.
 *
 * <p><b>Per class.</b> (1) Reduce the activations to {@code components} (10) dimensions ({@link ReductionOptions}): PCA
 * from the class covariance (accumulated in one pass by the backend's Gram kernel, eigen-decomposed by the backend),
 * or, by default as in the paper, FastICA on the PCA-whitened components, fitted on a bounded seeded sample. The
 * reduction is fitted once per class and applied to every batch. (2) Cluster with k-means (k = 2): Lloyd from one axis
 * start per reduced dimension and from greedy k-means++ restarts (see {@code KMeans}). Classes of up to {@code
 * inMemoryMaxRows} rows keep their reduced rows in memory; larger ones are seeded by k-means on a bounded sample and
 * refined by streaming mini-batch k-means, one model per class, with heap independent of the class size. Distances go
 * through the backend's projection kernel. (3) Judge every cluster other than the largest (the candidates) with the
 * selected {@link Analyzer}s: a candidate is poison when every selected analyzer fires, a class with a poison cluster
 * is {@link org.poisonscan.api.detect.Verdict#POISONED}, and the rows of its poison clusters are flagged.
 *
 * <p><b>Why ICA.</b> k-means, the silhouette, the separation and the row score do not change under a rotation of the
 * reduced space, so ICA acts in two ways: through its whitening, which gives every kept direction unit variance, so
 * that a shift along a direction of little clean variance weighs as much as the class's largest clean direction
 * (unwhitened PCA, IBM ART's default, lets k-means cut along the largest clean direction instead when the shift's
 * variance is smaller); and through the axis starts, one of which follows the independent component that carries the
 * shift. FastICA never converges when several reduced directions are Gaussian, as in every clean class (their rotation
 * is not identifiable); this is reported in the details and changes no result.
 *
 * <p><b>The default: RELATIVE_SIZE and SEPARATION and CROSS_CLASS.</b> A lone relative-size rule flags part of every
 * class that splits unevenly: with k = 3 every clean Gaussian class has a cluster under 35%, and real classes often
 * hold sub-populations (poses, backgrounds, sub-species). The paper's silhouette rule does not fix this: a natural
 * sub-population is as cohesive as a poison cluster, and the silhouette's scale depends on the reduction (about 0.15
 * for a clean class split along its top PCA component, 0.07 after ICA whitening, where a 33% poison cluster in our
 * tests reaches only 0.11). The default therefore asks three independent questions. Is the cluster a minority (under
 * 35%, the paper's threshold)? Is it a separate mode rather than a slice of one ({@link Analyzer#SEPARATION}: Ashman's
 * D of at least 3 for two Gaussians fitted along the axis between the centres, started from the k-means split; a
 * Gaussian class cut in two gives D of about 2 or less)? And does the class stand out among the classes of the same
 * model ({@link Analyzer#CROSS_CLASS}: MAD anomaly index of D of at least 3, the class-level rule of Neural Cleanse)?
 * The last keeps data in which every class has natural sub-populations from being flagged, and covers skewed or flat
 * classes, which give D of 3 to 4 without a second mode. None of the thresholds was fitted to the synthetic generator:
 * 35% is the paper's, D >= 3 and index >= 3 are the conventions of the spectral detector. The tests show the default
 * flagging nothing on clean sets, on clean classes clustered with k = 3 and on classes made of three sub-populations,
 * where relative size alone flags most classes.
 *
 * <p><b>Row score</b> (higher is more suspicious, {@code NaN} for rows of classes not scanned): the row's position
 * along the axis from the main cluster's centre to a candidate's centre, measured from the bisecting hyperplane in
 * within-cluster standard deviations, maximised over candidates. With k = 2 it is positive exactly
 * when the row is nearer the candidate's centre (up to rounding). Poison rows of a well-separated cluster score about D
 * / 2; a clean class split in two scores its rows like a normal coordinate divided by 0.6. Measured on the synthetic
 * set (n = 20,000, d = 128, 10% poison): poison rows at least 4.6 (mean 7.5), rows of clean classes at most 6.8 and 4%
 * above 3, AUROC 0.9999. Flags: rows whose nearest centre is a poison cluster of a poisoned class.
 *
 * <p><b>Details per class</b> ({@link org.poisonscan.api.detect.ClassResult#details()}): reduction, components, ICA
 * convergence, clustering method, cluster sizes and fractions, silhouette, the poison clusters, the rules that fired,
 * the suspected source class when {@link Analyzer#DISTANCE} or {@link Analyzer#EXCLUSIONARY_RECLASSIFICATION} names
 * one, and per candidate cluster its figures. The class statistic is the separation D, with its anomaly index.
 *
 * <p><b>Compared with IBM ART's port.</b> ART's streaming path refits PCA/ICA on every batch and shares one mini-batch
 * k-means across classes, so clusters are not comparable across batches; here each class has one reduction and one
 * clustering. ART's distance analyzer compares medians computed in each class's own reduced space, whose coordinates
 * mean different things; here medians are taken in the original activation space. ART's ICA is unseeded; here every
 * random choice follows the seed. ART's relative-size and silhouette rules run alone and flag clean classes that split;
 * the default here needs a separate mode that stands out across classes. ART accepts TSNE and then fails; there is no
 * TSNE here.
 *
 * <p><b>Skips.</b> A class with fewer than {@code minClassRows} rows (at least k), with constant activations, or with
 * fewer distinct reduced rows than clusters is reported {@link org.poisonscan.api.detect.Verdict#NOT_SCANNED} with the
 * reason; its rows score {@code NaN} and are never flagged.
 *
 * <p><b>Weaknesses.</b> Like the paper: poisons that do not form a separate mode in the reduced space (small shifts,
 * triggers spread over many directions), all-to-all and untargeted attacks, and adaptive attacks that keep poisons
 * inside the clean distribution. The relative-size rule misses poison clusters of 35% of their class or more (a 33%
 * poison sits close to that edge; raise {@code maxSuspectFraction} if larger fractions are expected). The cross-class
 * rule needs at least three scanned classes and fails when about half the classes or more are poisoned alike. A class
 * with one genuine, well-separated sub-population among otherwise homogeneous classes is flagged unless exclusionary
 * reclassification is selected, which only training code can provide.
 *
 * <p><b>Passes and memory.</b> Class moments (one d x d matrix per class); the ICA sample (ICA only); the reduction
 * pass; one pass per mini-batch pass (streaming classes only); an assignment pass (streaming classes, or {@link
 * Analyzer#DISTANCE}, which keeps {@code medianRows} original rows per cluster); and a pass collecting the suspect rows
 * when exclusionary reclassification is asked. The scanner's scoring pass follows. Heap: the in-memory classes' reduced
 * rows ({@code 4 * components} bytes per row, all such classes at once), bounded samples, and nothing that grows with a
 * streaming class.
 *
 * <p><b>Where the passes run.</b> Every pass is a mergeable aggregation ({@link org.poisonscan.api.pass}) and every
 * sample is chosen by a seeded hash of the row index, so the same fit runs over a Spark DataFrame's partitions with
 * the same results. The exception is the mini-batch update of streaming classes, which depends on the row order: its
 * rows are reduced where they are and fed to the updates in input order.
 */
public final class ActivationClusteringDetector implements DistributableDetector {
    /** The detector's name. */
    public static final String NAME = "ac";
    static final String STATISTIC = "separation";

    private final ActivationClusteringConfig config;
    private final ExclusionaryReclassifier reclassifier;

    /** A detector with the defaults and no reclassifier. */
    public ActivationClusteringDetector() {
        this(ActivationClusteringConfig.defaults());
    }

    /** A detector without a reclassifier. */
    public ActivationClusteringDetector(ActivationClusteringConfig config) {
        this(config, null);
    }

    /**
     * @param config the configuration
     * @param reclassifier the training code's callback, or {@code null}; required when
     *     {@link Analyzer#EXCLUSIONARY_RECLASSIFICATION} is selected
     */
    public ActivationClusteringDetector(ActivationClusteringConfig config, ExclusionaryReclassifier reclassifier) {
        this.config = Objects.requireNonNull(config, "config");
        if (config.analysis().uses(Analyzer.EXCLUSIONARY_RECLASSIFICATION) && reclassifier == null) {
            throw new IllegalArgumentException(
                    "exclusionary reclassification is selected but no reclassifier was given");
        }
        this.reclassifier = reclassifier;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The configuration. */
    public ActivationClusteringConfig config() {
        return config;
    }

    @Override
    public int batchRows() {
        return config.batchRows();
    }

    @Override
    public PortableFittedDetector fit(Passes passes, ComputeBackend backend) throws IOException {
        Map<Integer, ClassMoments> moments = ClassMoments.compute(passes);
        Map<Integer, ClassResult> skipped = new TreeMap<>();
        Map<Integer, ClassState> states = new TreeMap<>();
        boolean ica = config.reduction().method() == ReductionOptions.Method.ICA;
        for (ClassMoments m : moments.values()) {
            String reason = skipReason(m);
            Reducer reducer = null;
            if (reason == null) {
                SymmetricEigen eig = backend.topEigen(m.covariance(), m.dim(),
                        Math.min(config.reduction().components(), m.dim()));
                reducer = Reducer.principal(m, eig, config.reduction().components(), ica);
                reason = reducer == null ? ClassMoments.CONSTANT_REASON : null;
            }
            if (reason != null) {
                skipped.put(m.label(), ClassResult.notScanned(m.label(), m.count(), STATISTIC, reason));
            } else {
                states.put(m.label(), new ClassState(m.label(), m.count(),
                        m.count() <= config.kmeans().inMemoryMaxRows(), reducer));
            }
        }
        if (!states.isEmpty()) {
            Fitting fitting = new Fitting(config, passes, backend);
            if (ica) {
                fitting.fitIca(states);
            }
            fitting.reduce(states);
            fitting.cluster(states).forEach((label, why) -> skipped.put(label, ClassResult.notScanned(label,
                    moments.get(label).count(), STATISTIC, "cannot be clustered: " + why)));
            fitting.assign(states, config.analysis().uses(Analyzer.DISTANCE));
            fitting.statistics(states);
        }
        Judge judge = new Judge(config.analysis(), states);
        List<Finding> awaiting = judge.awaitingReclassification();
        if (!awaiting.isEmpty()) {
            List<SuspectCluster> suspects = suspectRows(passes, states, awaiting);
            judge.applyReclassification(awaiting, reclassifier.reclassify(suspects));
        }
        return Results.build(config, judge, states, skipped, backend);
    }

    private String skipReason(ClassMoments m) {
        if (m.count() < config.minClassRows()) {
            return "only " + m.count() + " row(s); at least " + config.minClassRows() + " are needed to form "
                    + config.kmeans().clusters() + " clusters and judge them";
        }
        return m.constant() ? ClassMoments.CONSTANT_REASON : null;
    }

    /** One more pass: the input row indices of every awaiting cluster. */
    private static List<SuspectCluster> suspectRows(Passes passes, Map<Integer, ClassState> states,
            List<Finding> awaiting) throws IOException {
        Map<Integer, List<Integer>> wanted = new TreeMap<>();
        for (Finding f : awaiting) {
            wanted.computeIfAbsent(f.state.label, k -> new ArrayList<>()).add(f.cluster());
        }
        Map<Integer, SuspectRows.Plan> plans = new TreeMap<>();
        wanted.forEach((label, clusters) -> {
            ClassState s = states.get(label);
            plans.put(label, new SuspectRows.Plan(s.reducer, s.centres,
                    clusters.stream().mapToInt(Integer::intValue).toArray()));
        });
        Map<Integer, ? extends Map<Integer, SuspectRows.Indices>> rows = passes.aggregate(new SuspectRows(plans));
        List<SuspectCluster> out = new ArrayList<>();
        for (Finding f : awaiting) {
            out.add(new SuspectCluster(f.state.label, f.cluster(), rows.get(f.state.label).get(f.cluster()).sorted()));
        }
        return out;
    }
}
