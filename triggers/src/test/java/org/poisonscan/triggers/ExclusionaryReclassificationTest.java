package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.poisonscan.ac.SuspectCluster;
import org.poisonscan.triggers.image.ImageSet;

/** The retraining callback runs once for every analysed class; its answer lands in each class's result. */
class ExclusionaryReclassificationTest {
    @Test
    void oneRetrainingForAllClassesAndTheSourceReadFromIt() throws IOException {
        SyntheticImages.Poisoned p = SyntheticImages.poisoned(1_200, 4, 0.2, 21);
        ImageSet images = SyntheticImages.images(p.labels(), p.poison(), p.source(), 1, 22);
        boolean[] flags = p.poison().clone();
        int extra = 0;
        for (int i = 0; i < flags.length && extra < 6; i++) {
            if (p.labels()[i] == 2 && !flags[i]) {
                flags[i] = true;
                extra++;
            }
        }
        ScanOutput scan = new ScanOutput(p.labels(), flags, Map.of(), Set.of(0));
        List<List<SuspectCluster>> calls = new ArrayList<>();
        List<ImageResult> results = ImageTriggers.analyse(scan, images, null, null, suspects -> {
            calls.add(suspects);
            List<Map<Integer, Long>> out = new ArrayList<>();
            for (SuspectCluster c : suspects) {
                // A retrained model that never saw the patch: poisons go back to their source class.
                Map<Integer, Long> counts = new TreeMap<>();
                for (long r : c.rows()) {
                    counts.merge(p.poison()[(int) r] ? p.source()[(int) r] : c.label(), 1L, Long::sum);
                }
                out.add(counts);
            }
            return out;
        }, null, TriggerSettings.defaults().withPermutations(199));
        assertEquals(1, calls.size());
        assertEquals(List.of(0, 2), calls.get(0).stream().map(SuspectCluster::label).toList());
        ImageResult class0 = results.stream().filter(r -> r.hypothesis().target() == 0).findFirst().orElseThrow();
        assertEquals(0.0, class0.exclusion().shareKept(), 1e-12);
        assertEquals(class0.hypothesis().flaggedRows(), class0.exclusion().total());
        ImageResult class2 = results.stream().filter(r -> r.hypothesis().target() == 2).findFirst().orElseThrow();
        assertEquals(1.0, class2.exclusion().shareKept(), 1e-12);
        assertEquals(-1, class2.exclusion().topSource());
        assertArrayEquals(new int[] {9, 9, 11, 11}, class0.hypothesis().boundingBox());
    }
}
