package org.poisonscan.ac;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

/**
 * Measures the full-size acceptance (not part of the test run): 10 classes, d = 512, n = 50,000, 10% and 33%
 * of class 0 poisoned with delta = 16, and a clean set, over three seeds, with the default configuration. Run with
 * {@code java -cp <test classpath> org.poisonscan.ac.AcceptanceMain [rows] [dim] [seeds]}.
 */
public final class AcceptanceMain {
    private AcceptanceMain() {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 50_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int seeds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ReductionOptions.Method method = args.length > 3 ? ReductionOptions.Method.valueOf(args[3])
                : ReductionOptions.Method.ICA;
        ActivationClusteringConfig config = ActivationClusteringConfig.defaults()
                .withReduction(ReductionOptions.defaults().withMethod(method));
        for (double rate : new double[] {0.10, 0.33, 0.0}) {
            for (long seed = 1; seed <= seeds; seed++) {
                SyntheticConfig c = SyntheticConfig.defaults(rows).withSize(rows, dim).withPoison(rate, 16)
                        .withSeed(seed);
                long t0 = System.nanoTime();
                ScanReport report = Scanner.run(new SyntheticGenerator(c).toMemory(),
                        List.of(new ActivationClusteringDetector(config)), new JavaComputeBackend(), List.of());
                double seconds = (System.nanoTime() - t0) / 1e9;
                Metrics m = report.evaluation().orElseThrow().overall();
                System.out.printf(Locale.ROOT, "rate=%.2f seed=%d n=%d d=%d recall=%.4f fpr=%.5f auroc=%.4f"
                        + " flagged_classes=%s time=%.1fs%n", rate, seed, rows, dim, m.recall(),
                        m.falsePositiveRate(), m.auroc().get(ActivationClusteringDetector.NAME),
                        report.poisonedClasses(), seconds);
                for (ClassSummary s : report.classes()) {
                    ClassResult r = s.detectors().get(0);
                    System.out.printf(Locale.ROOT, "  class %d %s D=%.2f index=%.2f sizes=%s silhouette=%.3f%n",
                            s.label(), r.verdict(), r.value(), r.anomalyIndex(), r.details().get("cluster_fractions"),
                            (Double) r.details().get("silhouette"));
                }
            }
        }
    }
}
