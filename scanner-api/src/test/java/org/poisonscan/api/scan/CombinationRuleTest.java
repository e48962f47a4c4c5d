package org.poisonscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        double[][] scores = {{0, 0, 0, 0, 0}, {9, 7, 6, 9, 1}};
        boolean[][] flags = {{false, true, false, false, false}, {false, false, false, false, false}};
        boolean[] out = new boolean[5];
        Escalation escalation = escalation(fitted, labels, scores, flags);
        CombinationRule.combine(labels, 5, fitted, scores, flags, escalation, out);
        // Row 0: class 0 is poisoned and the ranking detector scores it above its threshold and as high as the
        // clustering detector's group (row 1, score 7); row 1: flagged by the clustering detector; row 2 is above the
        // threshold but below the group; row 3 scores high too, but class 1 is clean.
        assertArrayEquals(new boolean[] {true, true, false, false, false}, out);

        CombinationRule.combine(labels, 5, fitted, scores, flags, Escalation.without(List.of()), out);
        assertArrayEquals(new boolean[] {false, true, false, false, false}, out, "no escalation without a verdict");
    }

    @Test
    void escalationFloorIsTheJudgedGroupsLowestScoreOnTheEscalatingScale() {
        FittedDetector clustering = new Fixed(Map.of(0, Verdict.POISONED), Double.POSITIVE_INFINITY);
        FittedDetector ranking = new Fixed(Map.of(0, Verdict.CLEAN), 0);
        List<FittedDetector> fitted = List.of(clustering, ranking);
        assertTrue(Escalation.needsFloors(fitted));
        int n = 31;
        int[] labels = new int[n];
        double[][] scores = new double[2][n];
        boolean[][] flags = new boolean[2][n];
        // Rows 0-10 are the judged group, scoring 10..20 on the ranking scale; the rest score 0..19.
        for (int r = 0; r < n; r++) {
            flags[0][r] = r <= 10;
            scores[1][r] = r <= 10 ? 10 + r : r - 11;
        }
        // Collected in two parts, merged: the same floor as one pass.
        Escalation.Collector first = Escalation.collector(fitted);
        first.add(java.util.Arrays.copyOf(labels, 15), 15, new double[][] {java.util.Arrays.copyOf(scores[0], 15),
                java.util.Arrays.copyOf(scores[1], 15)}, new boolean[][] {java.util.Arrays.copyOf(flags[0], 15),
                        java.util.Arrays.copyOf(flags[1], 15)});
        Escalation.Collector second = Escalation.collector(fitted);
        second.add(java.util.Arrays.copyOfRange(labels, 15, n), n - 15,
                new double[][] {java.util.Arrays.copyOfRange(scores[0], 15, n),
                        java.util.Arrays.copyOfRange(scores[1], 15, n)},
                new boolean[][] {java.util.Arrays.copyOfRange(flags[0], 15, n),
                        java.util.Arrays.copyOfRange(flags[1], 15, n)});
        Escalation merged = first.merge(second).result();
        // The group's scores are 10..20: the floor is 10.
        assertEquals(Map.of("0", Map.of("ranking", 10.0)), merged.describe(List.of(named(clustering, "clustering"),
                named(ranking, "ranking"))));
        assertTrue(merged.allows(0, 1, 10));
        assertFalse(merged.allows(0, 1, 9.9));
        assertFalse(merged.allows(1, 1, 100), "class 1 is not poisoned");

        boolean[] out = new boolean[n];
        CombinationRule.combine(labels, n, fitted, scores, flags, merged, out);
        long escalated = java.util.stream.IntStream.range(11, n).filter(r -> out[r]).count();
        assertEquals(10, escalated, "rows 21-30 score 10..19, at or above the floor");
    }

    @Test
    void nothingEscalatesWhereTheJudgesFlaggedNoRow() {
        FittedDetector clustering = new Fixed(Map.of(0, Verdict.POISONED), Double.POSITIVE_INFINITY);
        FittedDetector ranking = new Fixed(Map.of(0, Verdict.CLEAN), 0);
        List<FittedDetector> fitted = List.of(clustering, ranking);
        int[] labels = {0, 0};
        double[][] scores = {{0, 0}, {50, 60}};
        boolean[][] flags = {{false, false}, {false, false}};
        Escalation escalation = escalation(fitted, labels, scores, flags);
        boolean[] out = new boolean[2];
        CombinationRule.combine(labels, 2, fitted, scores, flags, escalation, out);
        assertArrayEquals(new boolean[] {false, false}, out);
    }

    @Test
    void noFloorsNeededWhenEveryDetectorJudgesTheClass() {
        FittedDetector a = new Fixed(Map.of(0, Verdict.POISONED), 0);
        FittedDetector b = new Fixed(Map.of(0, Verdict.POISONED), 0);
        assertFalse(Escalation.needsFloors(List.of(a, b)));
        assertFalse(Escalation.needsFloors(List.of(new Fixed(Map.of(0, Verdict.CLEAN), 0))), "no class poisoned");
    }

    /** A fitted detector whose verdicts of poisoned ask for corroboration; it flags every row of its judged classes. */
    private record Doubtful(Map<Integer, Verdict> verdicts) implements FittedDetector {
        @Override
        public String name() {
            return "doubtful";
        }

        @Override
        public List<ClassResult> classResults() {
            return verdicts.entrySet().stream().map(e -> new ClassResult(e.getKey(), 10, e.getValue(), "s", 0, 0, "r",
                    Map.of(ClassResult.NEEDS_CORROBORATION, e.getValue() == Verdict.POISONED))).toList();
        }

        @Override
        public void score(Batch batch, double[] scores, boolean[] flags) {
            for (int r = 0; r < batch.rows(); r++) {
                scores[r] = 1;
                flags[r] = verdicts.get(batch.labels()[r]) == Verdict.POISONED;
            }
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of();
        }
    }

    @Test
    void aVerdictThatAsksForCorroborationCountsOnlyWithAnothersOrAlone() {
        FittedDetector doubtful = new Doubtful(Map.of(0, Verdict.POISONED, 1, Verdict.POISONED, 2, Verdict.CLEAN));
        FittedDetector other = new Fixed(Map.of(0, Verdict.POISONED, 1, Verdict.CLEAN, 2, Verdict.POISONED),
                Double.POSITIVE_INFINITY);
        List<FittedDetector> fitted = List.of(doubtful, other);
        // Class 0: both judge it; class 1: the doubtful verdict alone, not heeded; class 2: the other's, unconditional.
        assertEquals(Set.of(0, 2), CombinationRule.poisonedClasses(fitted));
        assertEquals(Set.of(0, 1), CombinationRule.poisonedClasses(List.of(doubtful)), "alone, its verdict stands");
        assertEquals(Verdict.CLEAN, CombinationRule.verdict(List.of(resultOf(doubtful, 1), resultOf(other, 1))));
        assertEquals(Verdict.POISONED, CombinationRule.verdict(List.of(resultOf(doubtful, 1),
                ClassResult.notScanned(1, 10, "s", "too few rows"))), "no other detector scanned the class");

        int[] labels = {0, 1, 2};
        double[][] scores = new double[2][3];
        boolean[][] flags = {{true, true, false}, {false, false, true}};
        Escalation escalation = Escalation.without(fitted);
        assertTrue(escalation.unheeded(1, 0));
        assertFalse(escalation.unheeded(0, 0));
        assertFalse(escalation.unheeded(1, 1));
        boolean[] out = new boolean[3];
        CombinationRule.combine(labels, 3, fitted, scores, flags, escalation, out);
        assertArrayEquals(new boolean[] {true, false, true}, out, "the unheeded verdict's flags are dropped");
        CombinationRule.combine(labels, 3, fitted, scores, flags, escalation(fitted, labels, scores, flags), out);
        assertArrayEquals(new boolean[] {true, false, true}, out, "the same through the floors' collector");
    }

    /** A detector's result for one class (the stand-ins list them in their map's order, which Map.of does not fix). */
    private static ClassResult resultOf(FittedDetector f, int label) {
        return f.classResults().stream().filter(r -> r.label() == label).findFirst().orElseThrow();
    }

    private static Escalation escalation(List<FittedDetector> fitted, int[] labels, double[][] scores,
            boolean[][] flags) {
        Escalation.Collector c = Escalation.collector(fitted);
        c.add(labels, labels.length, scores, flags);
        return c.result();
    }

    private static FittedDetector named(FittedDetector inner, String name) {
        return new FittedDetector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<ClassResult> classResults() {
                return inner.classResults();
            }

            @Override
            public void score(Batch batch, double[] scores, boolean[] flags) {
                inner.score(batch, scores, flags);
            }

            @Override
            public Map<String, Object> parameters() {
                return Map.of();
            }
        };
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
