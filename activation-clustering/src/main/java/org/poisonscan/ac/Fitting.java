package org.poisonscan.ac;

import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.pass.Passes;

/**
 * The passes of a fit after the class moments: ICA, reduction, clustering (in memory or mini-batch), the assignment
 * pass and the statistics. Every random choice draws from a stream derived from the configured seed, the class label
 * and the purpose, so results do not depend on the order in which classes are processed; every sample is chosen by
 * row index ({@link RowSample}), so they do not depend on how the input is split either. The passes are mergeable
 * aggregations ({@link ReducedSample}, {@link Assignment}) except the mini-batch updates, which see the reduced rows
 * in input order ({@link ReducedInOrder}).
 */
final class Fitting {
    private static final int ICA_SAMPLE = 0;
    private static final int ICA_START = 1;
    private static final int REDUCED_SAMPLE = 2;
    private static final int KMEANS = 3;
    private static final int STATISTICS = 4;
    private static final int SUBSET = 5;
    private static final int ORIGINALS = 6;

    private final ActivationClusteringConfig config;
    private final Passes passes;
    private final ComputeBackend backend;

    Fitting(ActivationClusteringConfig config, Passes passes, ComputeBackend backend) {
        this.config = config;
        this.passes = passes;
        this.backend = backend;
    }

    /** A well-mixed seed for one class and purpose (SplitMix64 finaliser). */
    static long seed(long base, int label, int purpose) {
        long z = base + 0x9E3779B97F4A7C15L * (label * 16L + purpose + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private long seed(ClassState s, int purpose) {
        return seed(config.seed(), s.label, purpose);
    }

    /** The reduction of every class in {@code states}. */
    private static Map<Integer, Reducer> reducers(Map<Integer, ClassState> states, Predicate<ClassState> include) {
        Map<Integer, Reducer> out = new TreeMap<>();
        for (ClassState s : states.values()) {
            if (include.test(s)) {
                out.put(s.label, s.reducer);
            }
        }
        return out;
    }

    /** Fits FastICA per class on a seeded sample of its whitened rows and rotates the class's reducer. */
    void fitIca(Map<Integer, ClassState> states) throws IOException {
        Map<Integer, ReducedSample.Plan> plans = new TreeMap<>();
        for (ClassState s : states.values()) {
            plans.put(s.label, new ReducedSample.Plan(s.reducer, config.reduction().icaRows(), seed(s, ICA_SAMPLE)));
        }
        Map<Integer, RowSample> samples = passes.aggregate(new ReducedSample(plans));
        ReductionOptions r = config.reduction();
        for (ClassState s : states.values()) {
            RowSample sample = samples.get(s.label);
            s.ica = FastIca.fit(sample.rows(), sample.size(), s.m(), r.icaMaxIterations(), r.icaTolerance(),
                    seed(s, ICA_START), backend);
            s.reducer = s.reducer.rotated(s.ica.unmixing());
        }
    }

    /**
     * Reduces every class with its final reducer: in-memory classes keep all their rows (in input order), the others
     * a sample.
     */
    void reduce(Map<Integer, ClassState> states) throws IOException {
        Map<Integer, ReducedSample.Plan> plans = new TreeMap<>();
        for (ClassState s : states.values()) {
            int capacity = s.inMemory ? (int) s.rows : config.sampleRows();
            plans.put(s.label, new ReducedSample.Plan(s.reducer, capacity, seed(s, REDUCED_SAMPLE)));
        }
        Map<Integer, RowSample> samples = passes.aggregate(new ReducedSample(plans));
        for (ClassState s : states.values()) {
            RowSample sample = samples.get(s.label);
            if (s.inMemory) {
                s.store = sample.rows();
                s.stored = sample.size();
            } else {
                s.sample = sample;
            }
        }
    }

    /**
     * Clusters every class: full k-means in memory, or k-means on the sample refined by streaming mini-batch passes
     * (rows reduced where they are, then fed in input order: the updates depend on the order).
     *
     * @return the classes that could not be clustered, with the reason (they are removed from {@code states})
     */
    Map<Integer, String> cluster(Map<Integer, ClassState> states) throws IOException {
        KMeansOptions k = config.kmeans();
        Map<Integer, String> failed = new TreeMap<>();
        for (ClassState s : states.values()) {
            try {
                float[] rows = s.inMemory ? s.store : s.sample.rows();
                int n = s.inMemory ? s.stored : s.sample.size();
                KMeans.Result r = KMeans.fit(rows, n, s.m(), k, seed(s, KMEANS), backend);
                s.fitRows = n;
                s.centres = r.centres();
                s.sizes = r.sizes();
                s.iterations = r.iterations();
                s.converged = r.converged();
                s.clustering = s.inMemory ? "k-means++" : "mini-batch k-means";
                if (!s.inMemory) {
                    s.miniBatch = new MiniBatchKMeans(backend, r.centres(), r.sizes(), k.clusters(), s.m(),
                            k.miniBatchRows());
                }
            } catch (DegenerateClassException e) {
                failed.put(s.label, e.getMessage());
            }
        }
        failed.keySet().forEach(states::remove);
        Map<Integer, Reducer> streaming = reducers(states, s -> s.miniBatch != null);
        for (int pass = 0; !streaming.isEmpty() && pass < k.miniBatchPasses(); pass++) {
            passes.inOrder(new ReducedInOrder(streaming), byClass -> byClass.forEach((label, reduced) -> {
                ClassState s = states.get(label);
                for (int i = 0; i < reduced.length / s.m(); i++) {
                    s.miniBatch.add(reduced, i * s.m());
                }
            }));
            for (ClassState s : states.values()) {
                if (s.miniBatch != null) {
                    s.miniBatch.flush();
                }
            }
        }
        for (ClassState s : states.values()) {
            if (s.miniBatch != null) {
                s.centres = s.miniBatch.centres();
            }
        }
        return failed;
    }

    /**
     * Assigns every row to its final centre where the in-memory clustering does not already tell: counts the clusters
     * of streaming classes and, when {@code medians}, samples each cluster's original rows. Then numbers the clusters
     * of streaming classes by size, largest first.
     */
    void assign(Map<Integer, ClassState> states, boolean medians) throws IOException {
        if (!medians && states.values().stream().allMatch(s -> s.inMemory)) {
            return;
        }
        Map<Integer, Assignment.Plan> plans = new TreeMap<>();
        for (ClassState s : states.values()) {
            if (!medians && s.inMemory) {
                continue;
            }
            long[] seeds = null;
            if (medians) {
                seeds = new long[s.k()];
                for (int c = 0; c < s.k(); c++) {
                    seeds[c] = seed(s, ORIGINALS + c);
                }
            }
            plans.put(s.label, new Assignment.Plan(s.reducer, s.centres, seeds));
        }
        Map<Integer, Assignment.Counts> counts = passes.aggregate(new Assignment(plans, config.medianRows()));
        for (ClassState s : states.values()) {
            Assignment.Counts c = counts.get(s.label);
            if (c == null) {
                continue;
            }
            if (!s.inMemory) {
                s.sizes = c.sizes;
            }
            if (medians) {
                s.originals = c.originals;
            }
            if (!s.inMemory) {
                int[] order = KMeans.sizeOrder(s.sizes);
                s.centres = KMeans.permuteRows(s.centres, order, s.m());
                s.sizes = KMeans.permute(s.sizes, order);
                if (medians) {
                    RowSample[] o = new RowSample[order.length];
                    for (int i = 0; i < order.length; i++) {
                        o[i] = s.originals[order[i]];
                    }
                    s.originals = o;
                }
            }
        }
    }

    /**
     * Assigns a seeded sample of each class's reduced rows to the final centres; measures the candidates' axes and
     * spreads on it, and the silhouette and separations on a seeded subset of {@code statisticsRows} of it.
     */
    void statistics(Map<Integer, ClassState> states) {
        NullSeparation nulls = new NullSeparation(config);
        for (ClassState s : states.values()) {
            int m = s.m();
            if (NullSeparation.calibrated(s.fitRows)) {
                s.nullSeparation = nulls.at(s.fitRows, m);
                s.comparisonScale = nulls.scale(s.fitRows, m);
            }
            float[] pool = s.inMemory ? s.store : s.sample.rows();
            int poolRows = s.inMemory ? s.stored : s.sample.size();
            int[] chosen = choose(poolRows, config.sampleRows(), new SplittableRandom(seed(s, STATISTICS)));
            float[] rows = gather(pool, chosen, m);
            int n = chosen.length;
            int[] clusters = new int[n];
            new Nearest(backend, s.centres, s.k(), m).assign(rows, n, clusters, null);
            int[] subset = choose(n, config.statisticsRows(), new SplittableRandom(seed(s, SUBSET)));
            int[] subsetClusters = new int[subset.length];
            for (int i = 0; i < subset.length; i++) {
                subsetClusters[i] = clusters[subset[i]];
            }
            s.silhouette = ClusterStatistics.silhouette(gather(rows, subset, m), subset.length, m, subsetClusters,
                    s.k(), backend);
            s.candidates = new Candidate[s.k() - 1];
            for (int j = 1; j < s.k(); j++) {
                s.candidates[j - 1] = ClusterStatistics.candidate(rows, n, m, clusters, s.centres, j, subset);
            }
            s.statCount = subset.length;
            s.store = null;
            s.sample = null;
        }
    }

    /** {@code min(n, max)} distinct indices of {@code [0, n)}: all in order when {@code n <= max}, else seeded. */
    static int[] choose(int n, int max, SplittableRandom random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n <= max) {
            return idx;
        }
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, max);
    }

    private static float[] gather(float[] rows, int[] chosen, int m) {
        float[] out = new float[chosen.length * m];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(rows, chosen[i] * m, out, i * m, m);
        }
        return out;
    }
}
