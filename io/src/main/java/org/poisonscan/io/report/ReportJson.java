package org.poisonscan.io.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.eval.Evaluation;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.api.scan.ScanReport;

/**
 * Writes a {@link ScanReport} as {@code report.json}: snake_case keys, verdicts in lower case, numbers that are not
 * defined (NaN) as {@code null}. The file is written under a temporary name and renamed.
 */
public final class ReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {
    }

    /** Writes the report to {@code file}. */
    public static void write(ScanReport report, Path file) throws IOException {
        Path tmp = org.poisonscan.io.PartialOutputs.partialOf(file);
        try {
            MAPPER.writeValue(tmp.toFile(), toTree(report));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The report as nested maps and lists, as written to JSON. */
    public static Map<String, Object> toTree(ScanReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("poisonscan_version", report.run().poisonscanVersion());
        root.put("source", report.source());
        root.put("rows", report.rows());
        root.put("dimension", report.dimension());
        root.put("detectors", report.detectors());
        root.put("combination", "a class is poisoned when any detector judges it poisoned, except that a verdict"
                + " asking for corroboration (needs_corroboration in its details: SPECTRE's on floored activations"
                + " where most other classes show a group too) counts only when another detector judges the class"
                + " poisoned too or none other scanned it, and otherwise its flags there are dropped; a row is flagged"
                + " when any counted detector flags it, or when its class is poisoned and a detector that ranks rows"
                + " (SPECTRE) scores it"
                + " above that detector's own clean threshold and at least as high as the lowest-scoring row the"
                + " judging detectors flagged in the class");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("flagged_rows", report.flaggedRows());
        summary.put("poisoned_classes", report.poisonedClasses());
        // Classes no detector could judge (too few rows, constant activations): a clean summary says nothing of them.
        var notScanned = report.classes().stream()
                .filter(c -> c.verdict() == org.poisonscan.api.detect.Verdict.NOT_SCANNED).toList();
        summary.put("not_scanned_classes", notScanned.stream().map(c -> c.label()).toList());
        summary.put("not_scanned_rows", notScanned.stream().mapToLong(c -> c.rows()).sum());
        root.put("summary", summary);
        List<Object> classes = new ArrayList<>();
        for (ClassSummary c : report.classes()) {
            classes.add(classTree(c, report.detectors()));
        }
        root.put("classes", classes);
        report.evaluation().ifPresent(e -> root.put("evaluation", evaluationTree(e)));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("backend", report.run().backend());
        run.put("backend_detail", report.run().backendDetail());
        run.put("java_version", report.run().javaVersion());
        run.put("os", report.run().os());
        run.put("arch", report.run().arch());
        run.put("parameters", clean(report.run().parameters()));
        run.put("timings_ms", report.run().timingsMillis());
        root.put("run", run);
        return root;
    }

    private static Map<String, Object> classTree(ClassSummary c, List<String> detectorNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", c.label());
        m.put("name", c.name());
        m.put("rows", c.rows());
        m.put("flagged_rows", c.flaggedRows());
        m.put("verdict", c.verdict().name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> detectors = new LinkedHashMap<>();
        for (int i = 0; i < c.detectors().size(); i++) {
            ClassResult r = c.detectors().get(i);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("verdict", r.verdict().name().toLowerCase(java.util.Locale.ROOT));
            d.put("statistic", r.statistic());
            d.put("value", number(r.value()));
            d.put("anomaly_index", number(r.anomalyIndex()));
            d.put("reason", r.reason());
            d.put("details", clean(r.details()));
            detectors.put(detectorNames.get(i), d);
        }
        m.put("detectors", detectors);
        return m;
    }

    private static Map<String, Object> evaluationTree(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overall", metricsTree(e.overall()));
        Map<String, Object> per = new LinkedHashMap<>();
        e.perClass().forEach((label, metrics) -> per.put(Integer.toString(label), metricsTree(metrics)));
        m.put("per_class", per);
        return m;
    }

    private static Map<String, Object> metricsTree(Metrics x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", x.rows());
        m.put("poisoned", x.poisoned());
        m.put("flagged", x.flagged());
        m.put("true_positives", x.truePositives());
        m.put("false_positives", x.falsePositives());
        m.put("precision", number(x.precision()));
        m.put("recall", number(x.recall()));
        m.put("false_positive_rate", number(x.falsePositiveRate()));
        Map<String, Object> auroc = new LinkedHashMap<>();
        x.auroc().forEach((k, v) -> auroc.put(k, number(v)));
        m.put("auroc", auroc);
        return m;
    }

    private static Object number(double v) {
        return Double.isFinite(v) ? v : null;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, Object> clean(Map<String, V> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, V> e : in.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Double d) {
                v = number(d);
            } else if (v instanceof Float f) {
                v = number(f);
            } else if (v instanceof Map<?, ?> map) {
                v = clean((Map<String, Object>) map);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }
}
