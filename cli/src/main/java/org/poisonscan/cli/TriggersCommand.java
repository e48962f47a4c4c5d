package org.poisonscan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.poisonscan.triggers.TriggerRequest;
import org.poisonscan.triggers.TriggerRun;
import org.poisonscan.triggers.TriggerSettings;
import org.poisonscan.triggers.verify.DjlImagePredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poisonscan triggers --report DIR --inputs FILE}: hypothesises what the trigger is, which classes it came from
 * and how sure the evidence is, from the rows a previous scan flagged; adds {@code trigger_hypotheses} to
 * {@code DIR/report.json} and, for images, writes {@code DIR/triggers/<class>-mask.npy} and {@code -mask.png}.
 */
@Command(name = "triggers", mixinStandardHelpOptions = true,
        description = {"Hypothesises the trigger behind a scan's flagged rows: an image mask and pattern, enriched"
                + " tokens of a text column, or enriched values of table columns; the source classes; and, with a"
                + " TorchScript model, how often stamping the hypothesis flips clean images to the target class.",
            "Adds 'trigger_hypotheses' to DIR/report.json (everything else kept); images also get"
                + " DIR/triggers/<class>-mask.npy (H x W float32, higher = more likely trigger), -mask.png and"
                + " -pattern.npy, and for a significant image hypothesis -carriers.csv (row,flagged: the rows that"
                + " carry the trigger)."})
final class TriggersCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", required = true, paramLabel = "DIR",
            description = "Output directory of 'poisonscan scan' (scores.csv and report.json); row = index into the"
                    + " inputs")
    Path report;

    @Option(names = "--inputs", required = true, paramLabel = "FILE",
            description = "Raw inputs row-aligned with the scan: images (.npz, .npy, IDX idx3-ubyte[.gz]) or a table"
                    + " (.csv, .jsonl, .parquet) for --text-column or a tabular analysis")
    Path inputs;

    @Option(names = "--images", paramLabel = "NAME", defaultValue = "images",
            description = "Image array in an .npz: n x H x W, n x H x W x C, or n x C x H x W with C of 1, 3 or 4"
                    + " (default: ${DEFAULT-VALUE})")
    String images;

    @Option(names = "--text-column", paramLabel = "NAME", description = "Text column of a .csv/.jsonl/.parquet input")
    String textColumn;

    @Option(names = "--columns", paramLabel = "A,B", split = ",",
            description = "Feature columns of a tabular analysis (default: every column but --exclude)")
    List<String> columns = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "A,B", split = ",",
            description = "Columns left out of a tabular analysis (ids, labels, ground truth)")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--activations", paramLabel = "FILE",
            description = "The scanned activations (any format 'scan' reads): source classes by nearest clean-class"
                    + " centroid in activation space (default for images: raw pixels; text and tables: every other"
                    + " class)")
    Path activations;

    @Option(names = "--activation-features", paramLabel = "NAME",
            description = "Features array/column of --activations (as 'scan --features')")
    String activationFeatures;

    @Option(names = "--activation-labels", paramLabel = "NAME",
            description = "Labels array/column of --activations (as 'scan --labels')")
    String activationLabels;

    @Option(names = "--model", paramLabel = "FILE.pt",
            description = "TorchScript image classifier for verification (runs offline with DJL's PyTorch engine)")
    Path model;

    @Option(names = "--model-output", paramLabel = "N", defaultValue = "0",
            description = "Which output of the model holds the logits (default: ${DEFAULT-VALUE})")
    int modelOutput;

    @Option(names = "--model-layout", paramLabel = "LAYOUT", defaultValue = "chw",
            description = "How the model takes one image: chw, hwc or flat (default: ${DEFAULT-VALUE})")
    String modelLayout;

    @Option(names = "--target", paramLabel = "CLASS",
            description = "Analyse this class's flagged rows whatever the scan judged the class (default: every class"
                    + " with at least --min-flagged flagged rows)")
    Integer target;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Tokens or feature values reported per class (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--alpha", paramLabel = "A", defaultValue = "0.01",
            description = "Significance level of the adjusted p-values (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--min-flagged", paramLabel = "N", defaultValue = "5",
            description = "Flagged rows a class needs to be analysed (default: ${DEFAULT-VALUE})")
    int minFlagged;

    @Option(names = "--permutations", paramLabel = "N", defaultValue = "999",
            description = "Shuffles of the per-pixel max-T permutation test (default: ${DEFAULT-VALUE})")
    int permutations;

    @Option(names = "--verify-limit", paramLabel = "N", defaultValue = "2000",
            description = "Clean images of other classes stamped for verification (default: ${DEFAULT-VALUE})")
    int verifyLimit;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the permutations and of the verification sample (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        TriggerSettings d = TriggerSettings.defaults();
        TriggerSettings settings = new TriggerSettings(alpha, top, minFlagged, d.minCount(), d.areaFraction(),
                d.bins(), d.sourceShare(), verifyLimit, permutations, seed);
        DjlImagePredictor.Layout layout;
        try {
            layout = DjlImagePredictor.Layout.valueOf(modelLayout.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model-layout must be chw, hwc or flat, got '" + modelLayout + "'");
        }
        TriggerRequest request = new TriggerRequest(report, inputs, images, textColumn, columns, exclude, activations,
                activationFeatures, activationLabels, model, modelOutput, layout, target, settings);
        refuseOptionsThatDoNotApply(request.kind());
        TriggerRun.Summary summary = TriggerRun.run(request);
        print(summary, spec.commandLine().getOut());
        return PoisonScanCommand.OK;
    }

    /** An option given for another kind of input would be ignored silently: refused, naming the kind. */
    private void refuseOptionsThatDoNotApply(TriggerRequest.InputKind kind) {
        var given = spec.commandLine().getParseResult();
        String inputKind = kind.name().toLowerCase(Locale.ROOT);
        List<String> notFor = new ArrayList<>();
        if (kind != TriggerRequest.InputKind.IMAGE) {
            // --model itself is refused by the run, with what to use instead.
            for (String option : List.of("--images", "--model-output", "--model-layout", "--permutations",
                    "--verify-limit")) {
                if (given.hasMatchedOption(option)) {
                    notFor.add(option);
                }
            }
        }
        if (kind != TriggerRequest.InputKind.TABULAR) {
            for (String option : List.of("--columns", "--exclude")) {
                if (given.hasMatchedOption(option)) {
                    notFor.add(option);
                }
            }
        }
        if (kind == TriggerRequest.InputKind.IMAGE && given.hasMatchedOption("--images")
                && !inputs.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
            notFor.add("--images (it names an array in an .npz)");
        }
        if (!notFor.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", notFor) + " do(es) not apply to " + inputKind
                    + " input " + inputs + " (images: .npz/.npy/IDX; text: --text-column; tables: other files)");
        }
    }

    private void print(TriggerRun.Summary s, PrintWriter out) {
        List<Map<String, Object>> hyps = s.hypotheses();
        if (hyps.isEmpty()) {
            out.println("No trigger hypothesis: " + s.note() + ".");
        }
        int shown = 0;
        for (Map<String, Object> h : hyps) {
            if (shown++ == 10) {
                out.printf("... %d more in %s%n", hyps.size() - 10, report.resolve("report.json"));
                break;
            }
            out.printf(Locale.ROOT, "#%s %s, target class %s (%s), %s: %s; adjusted p %.3g%s%s%n",
                    h.get("rank"), h.get("kind"), h.get("target_class"), h.get("target_name"), sources(h),
                    h.get("pattern"), ((Number) h.get("adjusted_p")).doubleValue(),
                    Boolean.TRUE.equals(h.get("significant")) ? " (significant)" : "",
                    scanVerdict(h) + verification(h) + carriers(h));
        }
        for (Path p : s.written()) {
            out.println("Wrote " + p);
        }
        out.flush();
    }

    /**
     * For a class the scan judged clean, that its flagged rows are a detector's unusual rows: a significant difference
     * from the unflagged rows is no evidence of a trigger there (a probe read "(significant)" on a clean table so).
     */
    private static String scanVerdict(Map<String, Object> h) {
        return "not poisoned".equals(h.get("scan_verdict")) ? "; the scan judged this class clean, so its flagged rows"
                + " are unusual rows, not evidence of a trigger" : "";
    }

    /** The source classes in words: not estimated, or with the flagged rows whose source is unknown. */
    private static String sources(Map<String, Object> h) {
        if (!Boolean.TRUE.equals(h.get("source_classes_estimated"))) {
            return "sources not estimated (any other class)";
        }
        int unknown = ((Number) h.get("source_unattributed_rows")).intValue();
        return "sources " + h.get("source_classes")
                + (unknown == 0 ? "" : " (" + unknown + " flagged rows sit nearest the target itself)");
    }

    @SuppressWarnings("unchecked")
    private static String carriers(Map<String, Object> h) {
        Map<String, Object> c = (Map<String, Object>) h.get("carriers");
        if (c == null) {
            return "";
        }
        return String.format(Locale.ROOT, "; %s rows of the class carry it (%s not flagged by the scan, %s; %s)",
                c.get("rows"), c.get("not_flagged"), Boolean.TRUE.equals(c.get("confirmed")) ? "trigger confirmed"
                        : "not confirmed by a model", c.get("file"));
    }

    @SuppressWarnings("unchecked")
    private static String verification(Map<String, Object> h) {
        Map<String, Object> v = (Map<String, Object>) h.get("verification");
        if (v == null || !"run".equals(v.get("status"))) {
            return "";
        }
        return String.format(Locale.ROOT, "; verification: flip rate %.3f (baseline %.3f) on %s inputs",
                ((Number) v.get("flip_rate")).doubleValue(), ((Number) v.get("baseline_rate")).doubleValue(),
                v.get("inputs"));
    }
}
