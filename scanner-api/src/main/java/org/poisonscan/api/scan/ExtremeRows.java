package org.poisonscan.api.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.BatchSizing;
import org.poisonscan.api.data.RowsLeftOut;
import org.poisonscan.api.detect.AnomalyIndex;
import org.poisonscan.api.stats.BottomK;

/**
 * A few rows so far from the rest of their class that they would decide its fit alone: one row with a value of 1e6
 * among activations of a few units (a corrupted record, a saturated input) takes the top eigenvector, the robust
 * filter's whitening and a cluster of its own, and a poison group of the same class is no longer seen (a probe: 28
 * planted poisons judged before, nothing after). Such rows are left out of the detectors' fit (they are still scored
 * and written) when a class has fewer of them than a poison group needs ({@link #MAX_ROWS}); more are kept, as they
 * may be the group. Far means more than {@link #DISTANCE_RATIO} times the class's median distance from its
 * coordinate-wise median (from a seeded sample of {@link #CENTRE_SAMPLE} rows): no Gaussian or heavy-tailed class of
 * real activations measured here came near (Fashion-MNIST's classes reach a few times the median).
 */
public final class ExtremeRows {
    /** How many times a class's median distance from its centre a row must lie to be left out of the fit. */
    public static final double DISTANCE_RATIO = 25;
    /** A class with this many far rows or more keeps them all: they may be the poison group the detectors look for. */
    public static final int MAX_ROWS = 5;
    static final int CENTRE_SAMPLE = 64;
    private static final int DISTANCE_SAMPLE = 256;
    /**
     * The most floats the centre samples of all classes may hold (32 MiB), and the most classes: beyond either, no row
     * is left out (the check's memory would grow with the classes, as a scan's own does not).
     */
    private static final long MAX_SAMPLE_FLOATS = 8L << 20;
    private static final int MAX_CLASSES = 2048;

    private final Map<Integer, long[]> byClass;

    private ExtremeRows(Map<Integer, long[]> byClass) {
        this.byClass = byClass;
    }

    /** Finds the rows to leave out, in two passes over {@code source}. */
    public static ExtremeRows find(ActivationSource source, long seed) throws IOException {
        int d = source.dimension();
        Map<Integer, BottomK> choosers = new TreeMap<>();
        Map<Integer, float[]> samples = new TreeMap<>();
        int batchRows = BatchSizing.rows(4096, d);
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int i = 0; i < b.rows(); i++) {
                    int label = b.labels()[i];
                    if (!choosers.containsKey(label) && (choosers.size() >= MAX_CLASSES
                            || (choosers.size() + 1L) * CENTRE_SAMPLE * d > MAX_SAMPLE_FLOATS)) {
                        return new ExtremeRows(Map.of());
                    }
                    BottomK chooser = choosers.computeIfAbsent(label, l -> new BottomK(CENTRE_SAMPLE, seed + l));
                    int slot = chooser.offer(b.rowIndex()[i]);
                    if (slot >= 0) {
                        float[] s = samples.computeIfAbsent(label, l -> new float[CENTRE_SAMPLE * d]);
                        System.arraycopy(b.features(), i * d, s, slot * d, d);
                    }
                }
            }
        }
        Map<Integer, double[]> centres = new TreeMap<>();
        for (Map.Entry<Integer, float[]> e : samples.entrySet()) {
            centres.put(e.getKey(), coordinateMedians(e.getValue(), choosers.get(e.getKey()).size(), d));
        }
        Map<Integer, Distances> distances = new TreeMap<>();
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                for (int i = 0; i < b.rows(); i++) {
                    int label = b.labels()[i];
                    double[] c = centres.get(label);
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double v = b.features()[i * d + j] - c[j];
                        s += v * v;
                    }
                    distances.computeIfAbsent(label, l -> new Distances(seed + l)).add(b.rowIndex()[i], Math.sqrt(s));
                }
            }
        }
        Map<Integer, long[]> out = new TreeMap<>();
        for (Map.Entry<Integer, Distances> e : distances.entrySet()) {
            long[] far = e.getValue().far();
            if (far.length > 0) {
                out.put(e.getKey(), far);
            }
        }
        return new ExtremeRows(out);
    }

    /** Rows left out of the fit, by class label, in row order; empty when none. */
    public Map<Integer, long[]> byClass() {
        Map<Integer, long[]> copy = new TreeMap<>();
        byClass.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public boolean isEmpty() {
        return byClass.isEmpty();
    }

    /** {@code source} without the rows left out; the same source when none is. */
    public ActivationSource fittingView(ActivationSource source) {
        if (byClass.isEmpty()) {
            return source;
        }
        long[] rows = byClass.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new RowsLeftOut(source, rows);
    }

    /** What the report's run parameters say of them: per class label, the row indices left out of the fit. */
    public Map<String, Object> parameters() {
        Map<String, Object> rows = new LinkedHashMap<>();
        byClass.forEach((label, r) -> rows.put(Integer.toString(label), Arrays.stream(r).boxed().toList()));
        return Map.of("rows_left_out_of_fit", rows);
    }

    /** One line for the scan's summary. */
    public String note() {
        List<String> parts = new ArrayList<>();
        byClass.forEach((label, r) -> parts.add(String.format(Locale.ROOT, "class %d: %s", label,
                Arrays.toString(r).replaceAll("[\\[\\]]", ""))));
        return String.format(Locale.ROOT, "row(s) more than %.0f times their class's median distance from its centre "
                + "were left out of the detectors' fit, so that they could not hide a poison group (they are still "
                + "scored; check them: a corrupted record?): %s", DISTANCE_RATIO, String.join("; ", parts));
    }

    private static double[] coordinateMedians(float[] sample, int rows, int d) {
        double[] centre = new double[d];
        double[] column = new double[rows];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < rows; i++) {
                column[i] = sample[i * d + j];
            }
            centre[j] = AnomalyIndex.median(column);
        }
        return centre;
    }

    /** A class's distances: a seeded sample for the median, and its farthest rows. */
    private static final class Distances {
        private final BottomK chooser;
        private final double[] sample = new double[DISTANCE_SAMPLE];
        /** The {@link #MAX_ROWS} farthest rows so far, nearest first: {distance, row}. */
        private final PriorityQueue<double[]> farthest = new PriorityQueue<>(
                (a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1]));

        Distances(long seed) {
            chooser = new BottomK(DISTANCE_SAMPLE, seed);
        }

        void add(long row, double distance) {
            int slot = chooser.offer(row);
            if (slot >= 0) {
                sample[slot] = distance;
            }
            farthest.add(new double[] {distance, row});
            if (farthest.size() > MAX_ROWS) {
                farthest.poll();
            }
        }

        long[] far() {
            double[] s = Arrays.copyOf(sample, chooser.size());
            Arrays.sort(s);
            double median = s.length == 0 ? 0 : s[s.length / 2];
            if (!(median > 0)) {
                return new long[0];
            }
            List<Long> rows = new ArrayList<>();
            for (double[] f : farthest) {
                if (f[0] > DISTANCE_RATIO * median) {
                    rows.add((long) f[1]);
                }
            }
            if (rows.size() >= MAX_ROWS) {
                return new long[0];
            }
            return rows.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }
}
