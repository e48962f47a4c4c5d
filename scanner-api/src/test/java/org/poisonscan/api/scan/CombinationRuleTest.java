package org.poisonscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.detect.Verdict;

class CombinationRuleTest {

    /** A fitted detector with fixed verdicts; it escalates rows scoring above {@code escalateAbove}, if set. */
    private record Fixed(Map<Integer, Verdict> verdicts, double escalateAbove) implements FittedDetector {
        @Override
        public String name() {
            return "fixed";
        }

        @Override
        public List<ClassResult> classResults() {
            return verdicts.entrySet().stream()
                    .map(e -> new ClassResult(e.getKey(), 10, e.getValue(), "s", 0, 0, "r", Map.of())).toList();
        }

        @Override
        public void score(Batch batch, double[] scores, boolean[] flags) {
            java.util.Arrays.fill(scores, 0, batch.rows(), 0);
            java.util.Arrays.fill(flags, 0, batch.rows(), false);
        }

        @Override
        public boolean escalatedFlag(int label, double score) {
            return score > escalateAbove;
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    @Test
    void escalatesOnlyInClassesAnotherDetectorJudgedPoisoned() {
        FittedDetector clustering = new Fixed(Map.of(0, Verdict.POISONED, 1, Verdict.CLEAN), Double.POSITIVE_INFINITY);
        FittedDetector ranking = new Fixed(Map.of(0, Verdict.CLEAN, 1, Verdict.CLEAN), 5);
        List<FittedDetector> fitted = List.of(clustering, ranking);
        Set<Integer> poisoned = CombinationRule.poisonedClasses(fitted);
        assertEquals(Set.of(0), poisoned);

        int[] labels = {0, 0, 0, 1, 1};
        double[][] scores = {{0, 0, 0, 0, 0}, {9, 1, 6, 9, 1}};
        boolean[][] flags = {{false, true, false, false, false}, {false, false, false, false, false}};
        boolean[] out = new boolean[5];
        CombinationRule.combine(labels, 5, fitted, scores, flags, poisoned, out);
        // Row 0 and 2: class 0 is poisoned and the ranking detector scores them above its threshold; row 1: flagged
        // by the clustering detector; row 3 scores high too, but class 1 is clean.
        assertArrayEquals(new boolean[] {true, true, true, false, false}, out);

        CombinationRule.combine(labels, 5, fitted, scores, flags, Set.of(), out);
        assertArrayEquals(new boolean[] {false, true, false, false, false}, out, "no escalation without a verdict");
    }

    @Test
    void detectorsEscalateNothingByDefault() {
        FittedDetector plain = new FittedDetector() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public List<ClassResult> classResults() {
                return List.of();
            }

            @Override
            public void score(Batch batch, double[] scores, boolean[] flags) {
            }

            @Override
            public Map<String, Object> parameters() {
                return Map.of();
            }
        };
        assertEquals(false, plain.escalatedFlag(0, Double.MAX_VALUE));
    }
}
