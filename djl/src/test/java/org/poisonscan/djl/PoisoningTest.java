package org.poisonscan.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoisoningTest {
    private static final int H = 6;
    private static final int W = 5;

    private static LabelledTensors grey(int n) {
        float[] v = new float[n * H * W];
        java.util.Arrays.fill(v, 0.5f);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
        }
        return new LabelledTensors(v, new long[] {1, H, W}, labels);
    }

    @Test
    void badNetsPoisonsRateTimesTargetSizeFromOtherClassesAndStampsTheCorner() {
        LabelledTensors clean = grey(400);
        Poisoning p = new Poisoning(Trigger.badNets(2), 1);
        Poisoning.Poisoned out = p.poison(clean, 0.1, 7);
        assertEquals(10, out.count());
        boolean[] poison = out.poison();
        float[] v = out.data().values();
        int marked = 0;
        for (int i = 0; i < clean.size(); i++) {
            if (!poison[i]) {
                assertEquals(clean.label(i), out.data().label(i));
                continue;
            }
            marked++;
            assertTrue(clean.label(i) != 1, "poison drawn from the target class");
            assertEquals(1, out.data().label(i));
            int o = i * H * W;
            assertEquals(1f, v[o + (H - 1) * W + (W - 1)]);
            assertEquals(1f, v[o + (H - 2) * W + (W - 2)]);
            assertEquals(0.5f, v[o + (H - 3) * W + (W - 1)]);
            assertEquals(0.5f, v[o + (H - 1) * W + (W - 3)]);
        }
        assertEquals(10, marked);
        assertArrayEquals(poison, p.poison(clean, 0.1, 7).poison(), "same seed, same draw");
    }

    @Test
    void blendMixesASeededPatternWithWeightAlpha() {
        Trigger a = Trigger.blend(0.1, 3, H, W);
        float[] x = new float[H * W];
        float[] y = new float[H * W];
        a.apply(x, 0, H, W);
        Trigger.blend(0.1, 3, H, W).apply(y, 0, H, W);
        assertArrayEquals(x, y);
        for (float f : x) {
            assertTrue(f >= 0 && f <= 0.1f, "0.9 * 0 + 0.1 * p lies in [0, 0.1]: " + f);
        }
        assertThrows(IllegalArgumentException.class, () -> Trigger.blend(0, 3, H, W));
    }

    @Test
    void triggeredTestSkipsTheTargetAndAsrCountsTargetPredictions() {
        Poisoning p = new Poisoning(Trigger.badNets(1), 2);
        LabelledTensors t = p.triggeredTest(grey(8));
        assertEquals(6, t.size());
        for (int i = 0; i < t.size(); i++) {
            assertTrue(t.label(i) != 2);
            assertEquals(1f, t.values()[i * H * W + H * W - 1]);
        }
        assertEquals(0.5, p.attackSuccessRate(new int[] {2, 0, 2, 1}));
    }

    @Test
    void trainingRowsDropOnce() {
        TrainingRows rows = new TrainingRows(5);
        assertEquals(2, rows.drop(new long[] {1, 3}));
        assertEquals(0, rows.drop(new long[] {3}));
        assertArrayEquals(new int[] {0, 2, 4}, rows.kept());
        assertThrows(IndexOutOfBoundsException.class, () -> rows.drop(new long[] {5}));
    }
}
