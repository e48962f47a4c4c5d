package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;

/** The building blocks on small, exactly understood inputs. */
class ComponentsTest {
    private static final ComputeBackend BACKEND = new JavaComputeBackend();

    /** Two Gaussian blobs in m dimensions: {@code minority} of the rows around (gap, 0, ...), the rest around 0. */
    private static float[] blobs(int n, int m, double minority, double gap, long seed, int[] truth) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] rows = new float[n * m];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextDouble() < minority ? 1 : 0;
            for (int j = 0; j < m; j++) {
                rows[i * m + j] = (float) (r.nextGaussian() + (j == 0 && truth[i] == 1 ? gap : 0));
            }
        }
        return rows;
    }

    @Test
    void fastIcaUnmixesIndependentUniformSources() {
        int n = 4000;
        int m = 4;
        SplittableRandom r = new SplittableRandom(5);
        double[] sources = new double[n * m];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = (r.nextDouble() - 0.5) * Math.sqrt(12);
        }
        double theta = 0.7;
        double[] rotation = {Math.cos(theta), -Math.sin(theta), 0, 0, Math.sin(theta), Math.cos(theta), 0, 0,
            0, 0, Math.cos(theta), Math.sin(theta), 0, 0, -Math.sin(theta), Math.cos(theta)};
        float[] mixed = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < m; a++) {
                double v = 0;
                for (int b = 0; b < m; b++) {
                    v += rotation[a * m + b] * sources[i * m + b];
                }
                mixed[i * m + a] = (float) v;
            }
        }
        FastIca.Result ica = FastIca.fit(mixed, n, m, 100, 1e-4, 1, BACKEND);
        assertTrue(ica.converged(), "iterations " + ica.iterations());
        double[] w = ica.unmixing();
        for (int a = 0; a < m; a++) {
            double largest = 0;
            for (int b = 0; b < m; b++) {
                double v = 0;
                for (int c = 0; c < m; c++) {
                    v += w[a * m + c] * rotation[c * m + b];
                }
                largest = Math.max(largest, Math.abs(v));
            }
            assertEquals(1, largest, 0.05, "unmixing times mixing is a signed permutation, row " + a);
        }
    }

    @Test
    void fastIcaOnGaussianDataReportsNonConvergenceAndStaysOrthogonal() {
        int n = 1000;
        int m = 3;
        float[] x = blobs(n, m, 0, 0, 2, new int[n]);
        FastIca.Result ica = FastIca.fit(x, n, m, 30, 1e-6, 1, BACKEND);
        assertFalse(ica.converged());
        assertEquals(30, ica.iterations());
        double[] w = ica.unmixing();
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double dot = 0;
                for (int c = 0; c < m; c++) {
                    dot += w[a * m + c] * w[b * m + c];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-9);
            }
        }
    }

    @Test
    void kMeansSeparatesAMinorityBlobHiddenAmongNoiseDimensions() {
        int n = 2000;
        int m = 10;
        int[] truth = new int[n];
        float[] rows = blobs(n, m, 0.1, 6, 3, truth);
        for (long seed = 1; seed <= 5; seed++) {
            KMeans.Result r = KMeans.fit(rows, n, m, KMeansOptions.defaults(), seed, BACKEND);
            assertTrue(r.sizes()[0] >= r.sizes()[1]);
            int wrong = 0;
            for (int i = 0; i < n; i++) {
                wrong += r.assignment()[i] != truth[i] ? 1 : 0;
            }
            assertTrue(wrong <= 5, "seed " + seed + ": " + wrong + " rows misassigned");
        }
        KMeans.Result a = KMeans.fit(rows, n, m, KMeansOptions.defaults(), 9, BACKEND);
        KMeans.Result b = KMeans.fit(rows, n, m, KMeansOptions.defaults(), 9, BACKEND);
        assertArrayEquals(a.centres(), b.centres());
    }

    @Test
    void kMeansRefusesFewerDistinctRowsThanClusters() {
        float[] rows = new float[40];
        assertThrows(DegenerateClassException.class,
                () -> KMeans.fit(rows, 20, 2, KMeansOptions.defaults(), 1, BACKEND));
    }

    @Test
    void miniBatchKMeansConvergesToTheBlobMeans() {
        int n = 20_000;
        int m = 2;
        int[] truth = new int[n];
        float[] rows = blobs(n, m, 0.3, 8, 4, truth);
        MiniBatchKMeans mb = new MiniBatchKMeans(BACKEND, new double[] {1, 1, 6, -1}, new long[] {0, 0}, 2, m, 100);
        for (int i = 0; i < n; i++) {
            mb.add(rows, i * m);
        }
        mb.flush();
        double[] c = mb.centres();
        assertEquals(0, c[0], 0.05);
        assertEquals(0, c[1], 0.05);
        assertEquals(8, c[2], 0.05);
        assertEquals(0, c[3], 0.05);
        assertEquals(200, mb.updates());
    }

    @Test
    void splitMixtureTellsTwoModesFromAHalvedGaussian() {
        SplittableRandom r = new SplittableRandom(6);
        int n = 2000;
        double[] bimodal = new double[n];
        double[] gaussian = new double[n];
        boolean[] bimodalSplit = new boolean[n];
        boolean[] gaussianSplit = new boolean[n];
        for (int i = 0; i < n; i++) {
            bimodalSplit[i] = r.nextDouble() < 0.2;
            bimodal[i] = r.nextGaussian() + (bimodalSplit[i] ? 10 : 0);
            gaussian[i] = r.nextGaussian();
            gaussianSplit[i] = gaussian[i] > 0;
        }
        assertEquals(10, SplitMixture.separation(bimodal, bimodalSplit), 0.5);
        assertTrue(SplitMixture.separation(gaussian, gaussianSplit) < 2);
        assertTrue(Double.isNaN(SplitMixture.separation(gaussian, new boolean[n])));
    }

    @Test
    void silhouetteIsNearOneForTightFarClustersAndZeroForSingletons() {
        float[] rows = {0, 0, 0.1f, 0, 10, 10, 10.1f, 10};
        int[] clusters = {0, 0, 1, 1};
        assertEquals(0.99, ClusterStatistics.silhouette(rows, 4, 2, clusters, 2, BACKEND), 0.01);
        assertEquals(0, ClusterStatistics.silhouette(rows, 2, 2, new int[] {0, 1}, 2, BACKEND), 1e-12);
        assertTrue(Double.isNaN(ClusterStatistics.silhouette(rows, 4, 2, new int[4], 2, BACKEND)));
    }

    @Test
    void rowSampleKeepsEverythingUpToItsCapacityThenAUniformSeededSample() {
        RowSample small = new RowSample(10, 2, 1);
        float[] row = new float[2];
        for (int i = 0; i < 5; i++) {
            row[0] = i;
            small.add(i, row, 0);
        }
        assertEquals(5, small.size());
        assertEquals(4f, small.rows()[8]);
        long[] hits = new long[4];
        for (int trial = 0; trial < 2000; trial++) {
            RowSample s = new RowSample(1, 1, trial);
            for (int i = 0; i < 4; i++) {
                s.add(i, new float[] {i}, 0);
            }
            hits[(int) s.rows()[0]]++;
        }
        for (long h : hits) {
            assertEquals(500, h, 80);
        }
    }

    @Test
    void configurationsValidateThemselves() {
        assertThrows(IllegalArgumentException.class, () -> KMeansOptions.defaults().withClusters(1));
        assertThrows(IllegalArgumentException.class, () -> ReductionOptions.defaults().withComponents(0));
        assertThrows(IllegalArgumentException.class,
                () -> AnalysisOptions.defaults().withAnalyzers(EnumSet.noneOf(Analyzer.class)));
        assertThrows(IllegalArgumentException.class, () -> ActivationClusteringConfig.defaults().withMinClassRows(1));
        assertThrows(IllegalArgumentException.class, () -> ActivationClusteringConfig.defaults()
                .withKMeans(KMeansOptions.defaults().withClusters(30)));
        assertEquals(AnalysisOptions.DEFAULT_ANALYZERS, ActivationClusteringConfig.defaults().analysis().analyzers());
        assertEquals("ac", new ActivationClusteringDetector().name());
    }
}
