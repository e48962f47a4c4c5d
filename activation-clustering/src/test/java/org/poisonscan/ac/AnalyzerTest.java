package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.scan.ScanReport;

/** Each analyzer on its own, and why the default combines three of them. */
class AnalyzerTest {
    private static final ActivationClusteringConfig DEFAULTS = ActivationClusteringConfig.defaults();
    private static final InMemorySource POISONED = Fixtures.memory(Fixtures.synthetic(10_000, 32, 0.10, 6));

    private static ActivationClusteringConfig only(Analyzer... analyzers) {
        return DEFAULTS.withAnalyzers(EnumSet.of(analyzers[0], analyzers));
    }

    @Test
    void relativeSizeAloneFlagsEveryCleanClassThatSplitsInThreeTheDefaultNone() throws IOException {
        InMemorySource clean = Fixtures.memory(Fixtures.synthetic(10_000, 32, 0, 4));
        ActivationClusteringConfig k3 = DEFAULTS.withKMeans(KMeansOptions.defaults().withClusters(3));
        ScanReport sizeOnly = Fixtures.scan(clean, k3.withAnalyzers(EnumSet.of(Analyzer.RELATIVE_SIZE)));
        assertTrue(sizeOnly.poisonedClasses().size() >= 8, "relative size alone: " + sizeOnly.poisonedClasses());
        assertTrue(sizeOnly.flaggedRows() > 0.3 * sizeOnly.rows(), "flagged " + sizeOnly.flaggedRows());
        ScanReport byDefault = Fixtures.scan(clean, k3);
        assertEquals(List.of(), byDefault.poisonedClasses());
        assertEquals(0, byDefault.flaggedRows());
    }

    @Test
    void paperRulesFlagNaturalSubPopulationsTheCrossClassRuleDoesNot() throws IOException {
        InMemorySource subPopulations = Fixtures.subPopulations(12_000, 32, 5);
        ReductionOptions pca = ReductionOptions.defaults().withMethod(ReductionOptions.Method.PCA);
        for (Analyzer a : List.of(Analyzer.RELATIVE_SIZE, Analyzer.SILHOUETTE)) {
            ScanReport r = Fixtures.scan(subPopulations, only(a).withReduction(pca));
            assertTrue(r.poisonedClasses().size() >= 5, a + " alone: " + r.poisonedClasses());
        }
        ScanReport byDefault = Fixtures.scan(subPopulations, DEFAULTS);
        assertEquals(List.of(), byDefault.poisonedClasses());
        for (int label = 0; label < 10; label++) {
            ClassResult r = Fixtures.result(byDefault, label);
            assertTrue(r.value() >= 3, "the sub-populations are separate modes: D=" + r.value());
            assertTrue(r.anomalyIndex() < 3, "but no class stands out: " + r.anomalyIndex());
        }
    }

    /**
     * A class with one extreme row (a corrupt record, or the far tail of heavy-tailed activations): 2-means puts it in
     * a cluster of its own, far from everything and tiny, which every size and separation rule rewards (a probe with
     * Student-t activations had two clean classes judged poisoned so). No class may be judged poisoned for one row; a
     * real 5% group beside such rows is still found. Rows beyond 25 times the class's median distance never reach
     * the detector (the scanner leaves them out of the fit), so the size rule is tested on rows just inside that.
     */
    @Test
    void aClusterOfOneExtremeRowIsNoPoisonGroup() throws IOException {
        int classes = 10;
        int perClass = 2000;
        int dim = 32;
        java.util.Random random = new java.util.Random(7);
        float[] x = new float[classes * perClass * dim];
        int[] y = new int[classes * perClass];
        for (int r = 0; r < y.length; r++) {
            y[r] = r / perClass;
            for (int j = 0; j < dim; j++) {
                x[r * dim + j] = (float) (3 * y[r] + random.nextGaussian());
            }
        }
        // 20 deviations per unit (about 20 times the class's median distance from its centre): activation
        // clustering's own size rule is what keeps the class clean.
        for (int label : new int[] {6, 9}) {
            int row = label * perClass + 17;
            for (int j = 0; j < dim; j++) {
                x[row * dim + j] += 20f * (j % 2 == 0 ? 1 : -1);
            }
        }
        ScanReport clean = Fixtures.scan(new InMemorySource(x, dim, y, null, "extreme rows"), DEFAULTS);
        assertEquals(List.of(), clean.poisonedClasses());
        for (int label : new int[] {6, 9}) {
            ClassResult r = Fixtures.result(clean, label);
            assertTrue(r.reason().contains("1 row(s), too few for a poison group (needs 5 or more)"), r.reason());
        }
        // 60 per unit: beyond 25 times that distance, the scanner leaves the rows out of the fit (ExtremeRows).
        for (int label : new int[] {6, 9}) {
            int row = label * perClass + 17;
            for (int j = 0; j < dim; j++) {
                x[row * dim + j] += 40f * (j % 2 == 0 ? 1 : -1);
            }
        }
        ScanReport farther = Fixtures.scan(new InMemorySource(x, dim, y, null, "extreme rows"), DEFAULTS);
        assertEquals(List.of(), farther.poisonedClasses());
        assertEquals(java.util.Map.of("6", List.of(6L * perClass + 17), "9", List.of(9L * perClass + 17)),
                farther.run().parameters().get(org.poisonscan.api.scan.Scanner.INPUT_PARAMETERS)
                        .get("rows_left_out_of_fit"));

        boolean[] poison = new boolean[y.length];
        for (int r = 0; r < perClass / 20; r++) {
            poison[r] = true;
            for (int j = 0; j < dim; j++) {
                x[r * dim + j] += 2f;
            }
        }
        ScanReport poisoned = Fixtures.scan(new InMemorySource(x, dim, y, poison, "poisoned"), DEFAULTS);
        assertEquals(List.of(0), poisoned.poisonedClasses());
        assertTrue(poisoned.evaluation().orElseThrow().overall().recall() >= 0.95);
    }

    @Test
    void silhouetteAloneFindsThePoisonedClass() throws IOException {
        ScanReport r = Fixtures.scan(POISONED, only(Analyzer.SILHOUETTE));
        assertEquals(List.of(0), r.poisonedClasses());
        assertTrue((Double) Fixtures.result(r, 0).details().get("silhouette") > 0.1);
        assertTrue(r.evaluation().orElseThrow().overall().recall() >= 0.95);
    }

    @Test
    void crossClassAloneFindsThePoisonedClass() throws IOException {
        ScanReport r = Fixtures.scan(POISONED, only(Analyzer.CROSS_CLASS));
        assertEquals(List.of(0), r.poisonedClasses());
        assertTrue(Fixtures.result(r, 0).anomalyIndex() >= 3);
    }

    @Test
    void distanceFindsALabelFlipAndItsSourceClass() throws IOException {
        InMemorySource flipped = Fixtures.labelFlip(10_000, 64, 3, 0, 0.10, 7);
        ScanReport r = Fixtures.scan(flipped, only(Analyzer.DISTANCE));
        assertEquals(List.of(0), r.poisonedClasses());
        ClassResult target = Fixtures.result(r, 0);
        assertEquals(3, target.details().get("suspected_source"));
        assertTrue(r.evaluation().orElseThrow().overall().recall() >= 0.95);
        assertTrue(r.evaluation().orElseThrow().overall().falsePositiveRate() <= 0.01);
    }

    @Test
    void exclusionaryReclassificationAsksOnceAndNamesTheSourceClass() throws IOException {
        InMemorySource flipped = Fixtures.labelFlip(10_000, 64, 3, 0, 0.10, 7);
        OracleReclassifier oracle = new OracleReclassifier(flipped, 3);
        ScanReport alone = Fixtures.scan(flipped, new ActivationClusteringDetector(
                only(Analyzer.EXCLUSIONARY_RECLASSIFICATION), oracle));
        assertEquals(1, oracle.calls);
        assertEquals(10, oracle.lastSuspects.size(), "alone, every class's smaller cluster is asked about");
        assertEquals(List.of(0), alone.poisonedClasses());
        assertEquals(3, Fixtures.result(alone, 0).details().get("suspected_source"));

        OracleReclassifier second = new OracleReclassifier(flipped, 3);
        EnumSet<Analyzer> withDefault = EnumSet.copyOf(AnalysisOptions.DEFAULT_ANALYZERS);
        withDefault.add(Analyzer.EXCLUSIONARY_RECLASSIFICATION);
        ScanReport combined = Fixtures.scan(flipped, new ActivationClusteringDetector(
                DEFAULTS.withAnalyzers(withDefault), second));
        assertEquals(1, second.lastSuspects.size(), "only clusters that passed the other analyzers are asked about");
        SuspectCluster asked = second.lastSuspects.get(0);
        assertEquals(0, asked.label());
        long[] rows = asked.rows();
        for (int i = 1; i < rows.length; i++) {
            assertTrue(rows[i] > rows[i - 1], "rows ascending");
        }
        assertEquals(List.of(0), combined.poisonedClasses());
    }

    @Test
    void reclassificationKeepsALegitimateClusterInItsClass() throws IOException {
        ExclusionaryReclassifier faithful = suspects -> {
            List<Map<Integer, Long>> out = new ArrayList<>();
            suspects.forEach(s -> out.add(Map.of(s.label(), (long) s.rows().length)));
            return out;
        };
        EnumSet<Analyzer> selected = EnumSet.copyOf(AnalysisOptions.DEFAULT_ANALYZERS);
        selected.add(Analyzer.EXCLUSIONARY_RECLASSIFICATION);
        ScanReport r = Fixtures.scan(POISONED, new ActivationClusteringDetector(DEFAULTS.withAnalyzers(selected),
                faithful));
        assertEquals(List.of(), r.poisonedClasses());
        assertTrue(Fixtures.result(r, 0).reason().contains("keeps all"), Fixtures.result(r, 0).reason());
    }

    @Test
    void reclassificationWithoutACallbackIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ActivationClusteringDetector(only(Analyzer.EXCLUSIONARY_RECLASSIFICATION)));
    }

    /** Stands in for training code: the retrained model recognises a flipped row's true class. */
    private static final class OracleReclassifier implements ExclusionaryReclassifier {
        private final int[] labels;
        private final boolean[] flipped;
        private final int source;
        int calls;
        List<SuspectCluster> lastSuspects = List.of();

        OracleReclassifier(InMemorySource data, int source) {
            this.labels = data.labels();
            this.flipped = data.poison();
            this.source = source;
        }

        @Override
        public List<Map<Integer, Long>> reclassify(List<SuspectCluster> suspects) {
            calls++;
            lastSuspects = suspects;
            List<Map<Integer, Long>> out = new ArrayList<>();
            for (SuspectCluster s : suspects) {
                Map<Integer, Long> counts = new TreeMap<>();
                for (long row : s.rows()) {
                    counts.merge(flipped[(int) row] ? source : labels[(int) row], 1L, Long::sum);
                }
                out.add(counts);
            }
            return out;
        }
    }
}
