package org.poisonscan.ac;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.FittedDetector;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * Measures the heap of fitting and scoring one streaming class (not part of the test run): a single class of
 * {@code rows} rows (default 1,000,000), d = 64, 10% poisoned with delta = 16, generated batch by batch and never held.
 * Scoring counts recall and false positives on the fly. Run with
 * {@code java -Xmx256m -cp <test classpath> org.poisonscan.ac.HeapMain [rows] [dim]} and compare the peak heap for
 * different row counts.
 */
public final class HeapMain {
    private HeapMain() {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        SyntheticConfig config = new SyntheticConfig(rows, dim, 1, 20, 3.0, 1.0, 0.10, 16, List.of(0), 1, 1);
        ActivationSource source = new SyntheticGenerator(config).source();
        long t0 = System.nanoTime();
        FittedDetector fitted = new ActivationClusteringDetector().fit(source, new JavaComputeBackend());
        long tp = 0;
        long fp = 0;
        long poisoned = 0;
        long clean = 0;
        double[] scores = new double[4096];
        boolean[] flags = new boolean[4096];
        try (BatchReader reader = source.open(4096)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                fitted.score(b, scores, flags);
                for (int r = 0; r < b.rows(); r++) {
                    boolean p = b.poison()[r];
                    poisoned += p ? 1 : 0;
                    clean += p ? 0 : 1;
                    tp += p && flags[r] ? 1 : 0;
                    fp += !p && flags[r] ? 1 : 0;
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ClassResult r = fitted.classResults().get(0);
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "rows=%d d=%d verdict=%s clustering=%s sizes=%s recall=%.4f fpr=%.5f"
                + " peak_heap=%.1f MiB max_heap=%.0f MiB time=%.1fs%n", rows, dim, r.verdict(),
                r.details().get("clustering"), r.details().get("cluster_sizes"), (double) tp / poisoned,
                (double) fp / clean, peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, seconds);
        System.out.println("reason: " + r.reason());
    }
}
