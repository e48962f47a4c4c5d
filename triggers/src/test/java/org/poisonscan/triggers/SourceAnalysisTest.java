package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.source.SourceClasses;

/** Which representation the source classes are read from when both activations and pixels are given. */
class SourceAnalysisTest {
    private static final int N = 2_000;

    /**
     * Activations of a model that learnt the trigger: each row sits at the centroid of the class it is labelled (or,
     * for {@code toTarget = false}, the class it came from), plus noise.
     */
    private static Activations activations(SyntheticImages.Poisoned p, boolean toTarget) {
        int dim = 8;
        float[] v = new float[N * dim];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < N; i++) {
            int home = p.poison()[i] && !toTarget ? p.source()[i] : p.labels()[i];
            for (int j = 0; j < dim; j++) {
                v[i * dim + j] = (j == home ? 5f : 0f) + (float) random.nextGaussian();
            }
        }
        return new Activations(v, dim, "test");
    }

    private static Set<Integer> set(int[] classes) {
        return Arrays.stream(classes).boxed().collect(Collectors.toSet());
    }

    @Test
    void pixelsNameTheSourcesWhenTheModelPullsThePoisonsToTheTarget() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(N, 4, 0.2, 3);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 4);
        ScanOutput scan = new ScanOutput(p.labels(), p.poison(), Map.of(), Set.of(0));

        SourceClasses pulled = SourceAnalysis.sources(scan, 0, activations(p, true), images::values,
                images.imageSize(), "pixels", TriggerSettings.defaults());
        assertEquals("pixels", pulled.space());
        assertTrue(pulled.estimated());
        assertEquals(Set.of(1, 2, 3), set(pulled.sources()));
        assertEquals(0, pulled.unattributed());

        SourceClasses apart = SourceAnalysis.sources(scan, 0, activations(p, false), images::values,
                images.imageSize(), "pixels", TriggerSettings.defaults());
        assertEquals("activations", apart.space());
        assertEquals(Set.of(1, 2, 3), set(apart.sources()));
    }

    /** Without pixels (text, tables), flagged rows that mostly sit nearest the target say nothing of their sources. */
    @Test
    void withoutPixelsRowsNearestTheTargetLeaveTheSourcesUnestimated() {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(N, 4, 0.2, 3);
        ScanOutput scan = new ScanOutput(p.labels(), p.poison(), Map.of(), Set.of(0));
        SourceClasses pulled = SourceAnalysis.sources(scan, 0, activations(p, true), null, 0, null,
                TriggerSettings.defaults());
        assertTrue(!pulled.estimated(), "no estimate from rows that sit at the target");
        assertEquals(Set.of(1, 2, 3), set(pulled.sources()), "every other class");
        SourceClasses apart = SourceAnalysis.sources(scan, 0, activations(p, false), null, 0, null,
                TriggerSettings.defaults());
        assertTrue(apart.estimated());
        assertEquals("activations", apart.space());
    }
}
