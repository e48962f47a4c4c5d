package org.poisonscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InMemorySource;

/** Which rows are left out of the fit: a few gross outliers of a class, never a group, never a heavy tail. */
class ExtremeRowsTest {
    private static final int ROWS = 1000;
    private static final int DIM = 8;

    /** Two classes of {@link #ROWS} rows: class 0 Gaussian, class 1 Student t with 3 degrees of freedom. */
    private static float[] classes(SplittableRandom random) {
        float[] x = new float[2 * ROWS * DIM];
        for (int i = 0; i < 2 * ROWS; i++) {
            for (int j = 0; j < DIM; j++) {
                double z = gaussian(random);
                if (i % 2 == 1) {
                    double chi = 0;
                    for (int k = 0; k < 3; k++) {
                        double g = gaussian(random);
                        chi += g * g;
                    }
                    z /= Math.sqrt(chi / 3);
                }
                x[i * DIM + j] = (float) z;
            }
        }
        return x;
    }

    private static int[] labels() {
        int[] y = new int[2 * ROWS];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
        }
        return y;
    }

    @Test
    void aFewGrossOutliersAreLeftOutAndTheRestIsRead() throws IOException {
        float[] x = classes(new SplittableRandom(3));
        x[10 * DIM + 5] = 1e6f;
        x[500 * DIM] = -3e4f;
        ActivationSource source = new InMemorySource(x, DIM, labels(), null, "outliers");
        ExtremeRows extreme = ExtremeRows.find(source, 1);
        assertEquals(List.of(0), new ArrayList<>(extreme.byClass().keySet()));
        assertArrayEquals(new long[] {10, 500}, extreme.byClass().get(0));
        ActivationSource view = extreme.fittingView(source);
        assertEquals(2 * ROWS - 2, view.rowCount());
        List<Long> seen = new ArrayList<>();
        try (BatchReader r = view.open(37)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                for (int i = 0; i < b.rows(); i++) {
                    seen.add(b.rowIndex()[i]);
                    assertEquals(x[(int) b.rowIndex()[i] * DIM], b.features()[i * DIM]);
                }
            }
        }
        assertEquals(2 * ROWS - 2, seen.size());
        assertTrue(!seen.contains(10L) && !seen.contains(500L) && seen.contains(11L));
        assertTrue(extreme.note().contains("class 0: 10, 500"), extreme.note());
        assertEquals(Map.of("0", List.of(10L, 500L)), extreme.parameters().get("rows_left_out_of_fit"));
    }

    @Test
    void asManyFarRowsAsAPoisonGroupAreKeptAndHeavyTailsAreNot() throws IOException {
        float[] x = classes(new SplittableRandom(4));
        // Five rows of class 0 far out together: they may be the group the detectors look for.
        for (int r = 0; r < ExtremeRows.MAX_ROWS; r++) {
            x[(2 * r) * DIM + 1] = 1e5f;
        }
        ExtremeRows extreme = ExtremeRows.find(new InMemorySource(x, DIM, labels(), null, "group"), 1);
        // Class 1's Student-t tail (a few rows at 10-30 of its deviations) is no gross outlier either.
        assertTrue(extreme.isEmpty(), () -> extreme.byClass().toString());
    }

    @Test
    void manyClassesAreLeftAsTheyAre() throws IOException {
        // Its memory would grow with the classes: past 2,048 the check is skipped rather than bounded per class.
        int classes = 2049;
        int perClass = 8;
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[classes * perClass * DIM];
        int[] y = new int[classes * perClass];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % classes;
            for (int j = 0; j < DIM; j++) {
                x[i * DIM + j] = (float) gaussian(random);
            }
        }
        x[3] = 1e6f;
        assertTrue(ExtremeRows.find(new InMemorySource(x, DIM, y, null, "many"), 1).isEmpty());
        // The same outlier among fewer classes is left out.
        int[] fewer = y.clone();
        for (int i = 0; i < fewer.length; i++) {
            fewer[i] = fewer[i] % 100;
        }
        assertEquals(Map.of(0, List.of(0L)), ExtremeRows.find(new InMemorySource(x, DIM, fewer, null, "fewer"), 1)
                .byClass().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> java.util.Arrays.stream(e.getValue()).boxed().toList())));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
