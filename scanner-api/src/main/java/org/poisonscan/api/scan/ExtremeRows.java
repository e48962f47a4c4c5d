package org.poisonscan.api.scan;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.RowsLeftOut;
import org.poisonscan.api.detect.AnomalyIndex;
import org.poisonscan.api.pass.Accumulator;
import org.poisonscan.api.pass.Aggregation;
import org.poisonscan.api.pass.LeftOutPasses;
import org.poisonscan.api.pass.Passes;
import org.poisonscan.api.pass.SourcePasses;
import org.poisonscan.api.stats.IndexedRows;
import org.poisonscan.api.stats.Reservoir;

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
    private static final int BATCH_ROWS = 4096;
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
        return find(new SourcePasses(source, BATCH_ROWS, new JavaComputeBackend()), seed);
    }

    /**
     * Finds the rows to leave out, in two passes that run where the rows are (one machine or Spark's executors): the
     * same rows either way, as every sample is chosen by the rows' global indices.
     */
    public static ExtremeRows find(Passes passes, long seed) throws IOException {
        CentreSamples samples = passes.aggregate(new CentreSampling(seed));
        if (samples.overflow) {
            return new ExtremeRows(Map.of());
        }
        TreeMap<Integer, double[]> centres = new TreeMap<>();
        samples.byClass.forEach((label, rows) -> centres.put(label, coordinateMedians(rows)));
        TreeMap<Integer, Distances> distances = passes.aggregate(new DistanceSearch(centres, seed));
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
        return new RowsLeftOut(source, allRows());
    }

    /** {@code passes} without the rows left out; the same passes when none is. */
    public Passes fittingView(Passes passes) {
        return byClass.isEmpty() ? passes : new LeftOutPasses(passes, allRows());
    }

    /**
     * The report with each class's rows counting those left out of the fit (its detectors counted the rows they were
     * fitted on).
     */
    public ScanReport countedIn(ScanReport report) {
        if (byClass.isEmpty()) {
            return report;
        }
        List<ClassSummary> classes = report.classes().stream().map(c -> new ClassSummary(c.label(), c.name(),
                c.rows() + byClass.getOrDefault(c.label(), new long[0]).length, c.flaggedRows(), c.verdict(),
                c.detectors())).toList();
        return new ScanReport(report.source(), report.rows(), report.dimension(), report.detectors(), classes,
                report.flaggedRows(), report.run(), report.evaluation());
    }

    private long[] allRows() {
        return byClass.values().stream().flatMapToLong(Arrays::stream).sorted().toArray();
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

    private static double[] coordinateMedians(IndexedRows sample) {
        float[] rows = sample.rows();
        int n = sample.size();
        int d = sample.width();
        double[] centre = new double[d];
        double[] column = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = rows[i * d + j];
            }
            centre[j] = AnomalyIndex.median(column);
        }
        return centre;
    }

    /** Each class's seeded sample of rows, or only the mark that there are too many classes to hold them. */
    static final class CentreSamples implements Serializable {
        private static final long serialVersionUID = 1L;
        final TreeMap<Integer, IndexedRows> byClass = new TreeMap<>();
        boolean overflow;

        void checkBounds(int dim) {
            if (byClass.size() > MAX_CLASSES || (long) byClass.size() * CENTRE_SAMPLE * dim > MAX_SAMPLE_FLOATS) {
                overflow = true;
                byClass.clear();
            }
        }
    }

    /** The first pass: a seeded sample of {@link #CENTRE_SAMPLE} rows per class. */
    private record CentreSampling(long seed) implements Aggregation<CentreSamples> {
        @Override
        public Accumulator<CentreSamples> start(ComputeBackend backend, int dim) {
            CentreSamples samples = new CentreSamples();
            return new Accumulator<>() {
                @Override
                public void add(Batch b) {
                    for (int i = 0; i < b.rows() && !samples.overflow; i++) {
                        int label = b.labels()[i];
                        IndexedRows rows = samples.byClass.get(label);
                        if (rows == null) {
                            rows = new IndexedRows(CENTRE_SAMPLE, dim, seed + label);
                            samples.byClass.put(label, rows);
                            samples.checkBounds(dim);
                            if (samples.overflow) {
                                return;
                            }
                        }
                        rows.add(b.rowIndex()[i], b.features(), b.offset(i));
                    }
                }

                @Override
                public CentreSamples finish() {
                    return samples;
                }
            };
        }

        @Override
        public CentreSamples merge(CentreSamples left, CentreSamples right) {
            if (left.overflow || right.overflow) {
                left.overflow = true;
                left.byClass.clear();
                return left;
            }
            right.byClass.forEach((label, rows) -> left.byClass.merge(label, rows, (a, b) -> {
                a.mergeFrom(b);
                return a;
            }));
            int dim = left.byClass.isEmpty() ? 0 : left.byClass.firstEntry().getValue().width();
            left.checkBounds(dim);
            return left;
        }
    }

    /** The second pass: each row's distance from its class's centre. */
    private record DistanceSearch(TreeMap<Integer, double[]> centres, long seed)
            implements Aggregation<TreeMap<Integer, Distances>> {
        @Override
        public Accumulator<TreeMap<Integer, Distances>> start(ComputeBackend backend, int dim) {
            TreeMap<Integer, Distances> distances = new TreeMap<>();
            return new Accumulator<>() {
                @Override
                public void add(Batch b) {
                    for (int i = 0; i < b.rows(); i++) {
                        int label = b.labels()[i];
                        double[] c = centres.get(label);
                        int off = b.offset(i);
                        double s = 0;
                        for (int j = 0; j < dim; j++) {
                            double v = b.features()[off + j] - c[j];
                            s += v * v;
                        }
                        distances.computeIfAbsent(label, l -> new Distances(seed + l))
                                .add(b.rowIndex()[i], Math.sqrt(s));
                    }
                }

                @Override
                public TreeMap<Integer, Distances> finish() {
                    return distances;
                }
            };
        }

        @Override
        public TreeMap<Integer, Distances> merge(TreeMap<Integer, Distances> left,
                TreeMap<Integer, Distances> right) {
            right.forEach((label, d) -> left.merge(label, d, Distances::merge));
            return left;
        }
    }

    /** A class's distances: a seeded sample for the median, and its farthest rows. */
    static final class Distances implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Farther first; of two rows as far, the earlier first. */
        private static final Comparator<double[]> FARTHER_FIRST = (a, b) -> a[0] != b[0]
                ? Double.compare(b[0], a[0]) : Double.compare(a[1], b[1]);
        private final Reservoir sample;
        /** The {@link #MAX_ROWS} farthest rows so far, farthest first: {distance, row}. */
        private final List<double[]> farthest = new ArrayList<>();

        Distances(long seed) {
            sample = new Reservoir(DISTANCE_SAMPLE, seed);
        }

        void add(long row, double distance) {
            sample.add(row, distance);
            if (farthest.size() < MAX_ROWS
                    || FARTHER_FIRST.compare(new double[] {distance, row}, farthest.get(MAX_ROWS - 1)) < 0) {
                farthest.add(new double[] {distance, row});
                farthest.sort(FARTHER_FIRST);
                if (farthest.size() > MAX_ROWS) {
                    farthest.remove(MAX_ROWS);
                }
            }
        }

        static Distances merge(Distances left, Distances right) {
            left.sample.merge(right.sample);
            left.farthest.addAll(right.farthest);
            left.farthest.sort(FARTHER_FIRST);
            while (left.farthest.size() > MAX_ROWS) {
                left.farthest.remove(left.farthest.size() - 1);
            }
            return left;
        }

        long[] far() {
            double[] s = sample.sample();
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
