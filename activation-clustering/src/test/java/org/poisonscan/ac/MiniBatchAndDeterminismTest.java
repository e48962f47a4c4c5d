package org.poisonscan.ac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.ClassResult;

/** The streaming mini-batch path against the in-memory one, and reproducibility for a seed. */
class MiniBatchAndDeterminismTest {
    private static final InMemorySource POISONED = Fixtures.memory(Fixtures.synthetic(10_000, 64, 0.10, 8));

    /** Every class streams; k-means is seeded from 500 sampled rows of the ~1,000 of each class. */
    private static ActivationClusteringConfig streaming() {
        ActivationClusteringConfig d = ActivationClusteringConfig.defaults();
        return new ActivationClusteringConfig(d.reduction(), d.kmeans().withInMemoryMaxRows(100).withMiniBatchRows(256),
                d.analysis(), d.minClassRows(), 500, 500, d.medianRows(), d.batchRows(), d.seed());
    }

    @Test
    void miniBatchPathGivesComparableResults() throws IOException {
        Fixtures.Scan memory = Fixtures.scanRows(POISONED, ActivationClusteringConfig.defaults());
        Fixtures.Scan stream = Fixtures.scanRows(POISONED, streaming());
        assertEquals(List.of(0), memory.report().poisonedClasses());
        assertEquals(memory.report().poisonedClasses(), stream.report().poisonedClasses());
        assertEquals("mini-batch k-means", Fixtures.result(stream.report(), 0).details().get("clustering"));
        assertEquals("k-means++", Fixtures.result(memory.report(), 0).details().get("clustering"));
        int disagree = 0;
        for (int i = 0; i < memory.flags().length; i++) {
            disagree += memory.flags()[i] != stream.flags()[i] ? 1 : 0;
        }
        assertTrue(disagree <= 0.002 * memory.flags().length, disagree + " rows flagged differently");
        List<?> a = (List<?>) Fixtures.result(memory.report(), 0).details().get("cluster_fractions");
        List<?> b = (List<?>) Fixtures.result(stream.report(), 0).details().get("cluster_fractions");
        assertEquals((Double) a.get(1), (Double) b.get(1), 0.002);
        assertTrue(stream.report().evaluation().orElseThrow().overall().recall() >= 0.95);
    }

    /**
     * Bit-identical rows and results for the same configuration. Across batch sizes the class moments are accumulated
     * in another order (last-bit differences), which may tip a clean class between its many equally good splits (any
     * cut through a Gaussian bulk); verdicts, flags and the poisoned class's clusters do not change.
     */
    @Test
    void sameSeedSameResultWhateverTheBatchSize() throws IOException {
        ActivationClusteringConfig a = streaming();
        ActivationClusteringConfig b = new ActivationClusteringConfig(a.reduction(), a.kmeans(), a.analysis(),
                a.minClassRows(), a.sampleRows(), a.statisticsRows(), a.medianRows(), 333, a.seed());
        Fixtures.Scan first = Fixtures.scanRows(POISONED, a);
        Fixtures.Scan again = Fixtures.scanRows(POISONED, a);
        Fixtures.Scan second = Fixtures.scanRows(POISONED, b);
        assertArrayEquals(first.scores(), again.scores());
        assertEquals(results(first), results(again));
        assertArrayEquals(first.flags(), second.flags());
        assertEquals(first.report().poisonedClasses(), second.report().poisonedClasses());
        ClassResult x = results(first).get(0);
        ClassResult y = results(second).get(0);
        assertEquals(x.details().get("cluster_sizes"), y.details().get("cluster_sizes"));
        assertEquals(x.value(), y.value(), 1e-6);
        int[] labels = POISONED.labels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) {
                assertEquals(first.scores()[i], second.scores()[i], 1e-5 * Math.abs(first.scores()[i]), "row " + i);
            }
        }
    }

    private static List<ClassResult> results(Fixtures.Scan s) {
        return s.report().classes().stream().map(c -> c.detectors().get(0)).toList();
    }

    @Test
    void anotherSeedChangesSamplesNotVerdicts() throws IOException {
        Fixtures.Scan other = Fixtures.scanRows(POISONED, ActivationClusteringConfig.defaults().withSeed(99));
        assertEquals(List.of(0), other.report().poisonedClasses());
        assertTrue(other.report().evaluation().orElseThrow().overall().recall() >= 0.95);
    }
}
