package org.poisonscan.ac;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.data.ActivationSource;

/**
 * The passes of a fit after the class moments: ICA, reduction, clustering (in memory or mini-batch), the assignment
 * pass and the statistics. Every random choice draws from a stream derived from the configured seed, the class label
 * and the purpose, so results do not depend on the order in which classes are processed.
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
    private final ActivationSource source;
    private final ComputeBackend backend;

    Fitting(ActivationClusteringConfig config, ActivationSource source, ComputeBackend backend) {
        this.config = config;
        this.source = source;
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

    /** Fits FastICA per class on a seeded sample of its whitened rows and rotates the class's reducer. */
    void fitIca(Map<Integer, ClassState> states) throws IOException {
        for (ClassState s : states.values()) {
            s.sample = new RowSample((int) Math.min(config.reduction().icaRows(), s.rows), s.m(), seed(s, ICA_SAMPLE));
        }
        ReducedPass.run(source, backend, config.batchRows(), states, s -> true,
                (s, b, positions, original, reduced) -> {
                    for (int i = 0; i < positions.length; i++) {
                        s.sample.add(reduced, i * s.m());
                    }
                });
        ReductionOptions r = config.reduction();
        for (ClassState s : states.values()) {
            s.ica = FastIca.fit(s.sample.rows(), s.sample.size(), s.m(), r.icaMaxIterations(), r.icaTolerance(),
                    seed(s, ICA_START), backend);
            s.reducer = s.reducer.rotated(s.ica.unmixing());
            s.sample = null;
        }
    }

    /** Reduces every class with its final reducer: in-memory classes keep their rows, the others a sample. */
    void reduce(Map<Integer, ClassState> states) throws IOException {
        for (ClassState s : states.values()) {
            if (s.inMemory) {
                s.store = new float[Math.multiplyExact((int) s.rows, s.m())];
            } else {
                s.sample = new RowSample(config.sampleRows(), s.m(), seed(s, REDUCED_SAMPLE));
            }
        }
        ReducedPass.run(source, backend, config.batchRows(), states, s -> true,
                (s, b, positions, original, reduced) -> {
                    for (int i = 0; i < positions.length; i++) {
                        if (s.inMemory) {
                            s.store(reduced, i * s.m());
                        } else {
                            s.sample.add(reduced, i * s.m());
                        }
                    }
                });
    }

    /**
     * Clusters every class: full k-means in memory, or k-means on the sample refined by streaming mini-batch passes.
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
        boolean streaming = states.values().stream().anyMatch(s -> s.miniBatch != null);
        for (int pass = 0; streaming && pass < k.miniBatchPasses(); pass++) {
            ReducedPass.run(source, backend, config.batchRows(), states, s -> s.miniBatch != null,
                    (s, b, positions, original, reduced) -> {
                        for (int i = 0; i < positions.length; i++) {
                            s.miniBatch.add(reduced, i * s.m());
                        }
                    });
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
        int d = source.dimension();
        Map<Integer, Nearest> nearest = new HashMap<>();
        for (ClassState s : states.values()) {
            nearest.put(s.label, new Nearest(backend, s.centres, s.k(), s.m()));
            if (!s.inMemory) {
                s.sizes = new long[s.k()];
            }
            if (medians) {
                s.originals = new RowSample[s.k()];
                for (int c = 0; c < s.k(); c++) {
                    s.originals[c] = new RowSample(config.medianRows(), d, seed(s, ORIGINALS + c));
                }
            }
        }
        int[][] clusters = {new int[0]};
        ReducedPass.run(source, backend, config.batchRows(), states, s -> medians || !s.inMemory,
                (s, b, positions, original, reduced) -> {
                    if (clusters[0].length < positions.length) {
                        clusters[0] = new int[positions.length];
                    }
                    int[] c = clusters[0];
                    nearest.get(s.label).assign(reduced, positions.length, c, null);
                    for (int i = 0; i < positions.length; i++) {
                        if (!s.inMemory) {
                            s.sizes[c[i]]++;
                        }
                        if (medians) {
                            s.originals[c[i]].add(original, i * d);
                        }
                    }
                });
        for (ClassState s : states.values()) {
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
        for (ClassState s : states.values()) {
            int m = s.m();
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
