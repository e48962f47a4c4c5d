package org.poisonscan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;
import org.poisonscan.api.scan.Scanner;

/** Prints the short human summary of a scan. */
final class SummaryPrinter {
    private SummaryPrinter() {
    }

    static void print(ScanReport report, Path dir, PrintWriter out) {
        print(report, dir, false, out);
    }

    /** @param parquetScores whether DIR/scores.parquet was written too */
    static void print(ScanReport report, Path dir, boolean parquetScores, PrintWriter out) {
        out.printf(Locale.ROOT, "Scanned %,d rows x %d dims from %s with %s (backend %s)%n", report.rows(),
                report.dimension(), report.source(), String.join(", ", report.detectors()), report.run().backend());
        // The class column is as wide as its longest name (8 at least), so long names and ids keep the columns aligned.
        int width = Math.max(8, report.classes().stream().mapToInt(c -> printable(c.name()).length()).max().orElse(0));
        String row = "%-" + width + "s %10s %9s  %-11s %s%n";
        out.printf(Locale.ROOT, row, "class", "rows", "flagged", "verdict", "evidence");
        for (ClassSummary c : report.classes()) {
            StringBuilder evidence = new StringBuilder();
            for (int i = 0; i < c.detectors().size(); i++) {
                ClassResult r = c.detectors().get(i);
                if (evidence.length() > 0) {
                    evidence.append("; ");
                }
                evidence.append(report.detectors().get(i)).append(": ");
                if (Double.isNaN(r.value())) {
                    evidence.append(r.reason());
                } else {
                    evidence.append(String.format(Locale.ROOT, "%s=%.2f", r.statistic(), r.value()));
                    if (!Double.isNaN(r.anomalyIndex())) {
                        evidence.append(String.format(Locale.ROOT, " anomaly=%.1f", r.anomalyIndex()));
                    }
                    if (r.verdict() == org.poisonscan.api.detect.Verdict.POISONED
                            && c.verdict() != org.poisonscan.api.detect.Verdict.POISONED) {
                        // A verdict that asked for corroboration and found none (see the report's reason).
                        evidence.append(" (poisoned, not corroborated)");
                    }
                }
            }
            out.printf(Locale.ROOT, row, printable(c.name()), c.rows(), c.flaggedRows(),
                    c.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '), evidence);
        }
        java.util.List<String> names = report.classes().stream()
                .filter(c -> c.verdict() == org.poisonscan.api.detect.Verdict.POISONED
                        && !c.name().equals(Integer.toString(c.label())))
                .map(c -> printable(c.name())).toList();
        out.printf(Locale.ROOT, "Flagged %,d of %,d rows (%.2f%%). Poisoned classes: %s%s%n", report.flaggedRows(),
                report.rows(), 100.0 * report.flaggedRows() / Math.max(1, report.rows()),
                report.poisonedClasses().isEmpty() ? "none" : report.poisonedClasses(),
                names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
        report.evaluation().ifPresent(e -> {
            Metrics m = e.overall();
            StringBuilder auroc = new StringBuilder();
            m.auroc().forEach((k, v) -> auroc.append(" AUROC(").append(k).append(")=").append(figure(v)));
            out.printf(Locale.ROOT, "Against ground truth (%d poisoned): precision=%s recall=%s FPR=%s%s%n",
                    m.poisoned(), figure(m.precision()), figure(m.recall()), figure(m.falsePositiveRate()), auroc);
        });
        // Judged classes only: one too small to be scanned at all has its own "not scanned" line.
        long thin = report.classes().stream().filter(c -> c.verdict() != Verdict.NOT_SCANNED && c.rows() > 0
                && c.rows() < report.dimension()).count();
        if (thin > 0) {
            // A class with fewer rows than dimensions has a covariance of deficient rank: its eigenvectors and
            // whitening follow the sample, and a poison group there can go unseen (a probe: 200 rows x 256 dims).
            out.printf(Locale.ROOT, "Note: %d class(es) have fewer rows than the %d dimensions; detection there is"
                    + " weak (reduce the dimension, e.g. with PCA, or scan more rows)%n", thin, report.dimension());
        }
        java.util.Map<String, Object> input = report.run().parameters().get(Scanner.INPUT_PARAMETERS);
        if (input != null && input.containsKey(Scanner.SPHERE_NOTE)) {
            out.printf(Locale.ROOT, "Note: %s%n", input.get(Scanner.SPHERE_NOTE));
        }
        if (input != null && input.containsKey(Scanner.EXTREME_ROWS_NOTE)) {
            out.printf(Locale.ROOT, "Note: %s%n", input.get(Scanner.EXTREME_ROWS_NOTE));
        }
        if (!report.poisonedClasses().isEmpty() && uncomparedVerdict(report)) {
            // Without other classes to compare with, a verdict rests on the detector's absolute bar alone, which
            // clean data unlike a Gaussian can pass (README, "What the verdicts cannot see").
            out.printf(Locale.ROOT, "Note: a class was judged poisoned without a cross-class comparison (too few"
                    + " classes scanned to compare); check its evidence in the report before acting on it%n");
        }
        out.printf("Report: %s%nScores: %s%n", dir.resolve("report.json"), dir.resolve("scores.csv"));
        if (parquetScores) {
            out.printf("Scores: %s%n", dir.resolve("scores.parquet"));
        }
        out.flush();
    }

    /**
     * A note per class whose flagged rows are mostly identical copies of a few rows: duplicated samples look like a
     * tight poison group to every detector.
     */
    static void printCopies(ScanReport report, java.util.List<org.poisonscan.api.scan.FlaggedCopies.Copies> copies,
            PrintWriter out) {
        for (var c : copies) {
            if (2 * c.copies() < c.flagged()) {
                continue;
            }
            String name = report.classes().stream().filter(s -> s.label() == c.label()).map(ClassSummary::name)
                    .map(SummaryPrinter::printable).findFirst().orElse(Integer.toString(c.label()));
            out.printf(Locale.ROOT, "Note: class %s: %,d of its %,d flagged rows are identical copies of %,d distinct"
                    + " row(s) (the largest repeated %,d times): duplicated samples look like a tight poison group to"
                    + " every detector, so check whether they are legitimate duplicates before dropping them%n",
                    name, c.copies(), c.flagged(), c.distinct(), c.largest());
        }
        out.flush();
    }

    /** A class name on one line: control characters (a newline in a quoted CSV label) written as escapes. */
    static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                b.append(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : cp == '\r' ? "\\r"
                        : String.format(Locale.ROOT, "\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** Whether some detector judged a class poisoned with no anomaly index, i.e. without comparing classes. */
    static boolean uncomparedVerdict(ScanReport report) {
        return report.classes().stream().flatMap(c -> c.detectors().stream())
                .anyMatch(r -> r.verdict() == org.poisonscan.api.detect.Verdict.POISONED
                        && Double.isNaN(r.anomalyIndex()));
    }

    /** A metric with four decimals, or n/a where it is undefined (precision with nothing flagged, say). */
    private static String figure(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }
}
