package org.poisonscan.djl;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.detect.Detector;
import org.poisonscan.api.detect.ClassResult;
import org.poisonscan.api.detect.Verdict;
import org.poisonscan.api.eval.Metrics;
import org.poisonscan.api.scan.ClassSummary;
import org.poisonscan.pipeline.Detectors;

/**
 * A real end-to-end backdoor benchmark on Fashion-MNIST: poisons the training set (BadNets or Blend, dirty label),
 * trains {@link SmallCnn}, measures clean test accuracy and attack success rate (ASR: triggered test images of the
 * other classes classified as the target), extracts the penultimate activations of the whole poisoned training set,
 * scans them with spectral signatures and SPECTRE, drops each detector's flagged rows, retrains from the same seed and
 * measures accuracy and ASR again. A model trained on the clean set gives the reference accuracy. Writes a Markdown
 * report.
 *
 * <p>Usage: {@code java -cp ... org.poisonscan.djl.FashionMnistBackdoor [key=value ...]}, keys in
 * {@link BenchmarkSettings#parse}. Runs offline; set {@code -DDJL_CACHE_DIR} and {@code -DENGINE_CACHE_DIR} to keep
 * the unpacked natives out of the home directory.
 */
public final class FashionMnistBackdoor {
    private final BenchmarkSettings settings;
    private final List<FlagExpansion> expansions;
    private final LabelledTensors train;
    /** Fashion-MNIST's classes, the model's outputs. */
    static final int CLASSES = 10;

    private final LabelledTensors test;
    private final List<String> log = new ArrayList<>();

    private FashionMnistBackdoor(BenchmarkSettings settings, List<FlagExpansion> expansions) throws IOException {
        this.settings = settings;
        this.expansions = List.copyOf(expansions);
        this.train = requireClasses(IdxImages.train(settings.data()).head(settings.trainLimit()), "training");
        this.test = requireClasses(IdxImages.test(settings.data()), "test");
    }

    /** The model has {@link #CLASSES} outputs: a label beyond them is a damaged file, not a class. */
    private LabelledTensors requireClasses(LabelledTensors data, String split) {
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) >= CLASSES) {
                throw new org.poisonscan.api.data.InvalidInputException(settings.data() + ": " + split + " label "
                        + i + " is " + data.label(i) + "; Fashion-MNIST has classes 0-" + (CLASSES - 1));
            }
        }
        return data;
    }

    /** Runs the benchmark and writes the report. */
    public static void main(String[] args) throws IOException {
        run(BenchmarkSettings.parse(args), List.of());
    }


    /**
     * Runs the benchmark and writes the report.
     *
     * @param expansions steps that change each set's flags, each giving a {@code <set> + <name>} row
     */
    public static void run(BenchmarkSettings settings, List<FlagExpansion> expansions) throws IOException {
        FashionMnistBackdoor bench = new FashionMnistBackdoor(settings, expansions);
        long t0 = System.nanoTime();
        CleanBaseline clean = settings.cleanBaseline() ? bench.cleanBaseline() : null;
        List<BackdoorResult> results = new ArrayList<>();
        for (String attack : settings.attacks()) {
            for (double rate : settings.rates()) {
                results.addAll(bench.run(attack, rate));
                bench.write(clean, results, (System.nanoTime() - t0) / 1e9);
            }
        }
        bench.write(clean, results, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The clean model's test accuracy and, per attack, the share of triggered test images of the other classes it
     * predicts as the target: the ASR a model shows with no poison at all, the floor cleaning can reach.
     */
    private record CleanBaseline(double accuracy, Map<String, Double> triggeredAsTarget) {
    }

    private CleanBaseline cleanBaseline() {
        long t0 = System.nanoTime();
        try (ImageClassifier model = train(train)) {
            double acc = model.accuracy(test);
            note("clean model: test accuracy %.4f, epoch losses %s, %.1f s", acc, model.epochLosses(), secs(t0));
            Map<String, Double> floor = new java.util.LinkedHashMap<>();
            for (String attack : settings.attacks()) {
                Poisoning poisoning = new Poisoning(settings.trigger(attack), settings.target());
                floor.put(attack, poisoning.attackSuccessRate(model.predict(poisoning.triggeredTest(test))));
                note("clean model: %s-triggered test images predicted as the target: %.4f", attack, floor.get(attack));
            }
            dump(model, train, new boolean[train.size()], "clean");
            return new CleanBaseline(acc, floor);
        }
    }

    private List<BackdoorResult> run(String attack, double rate) {
        Poisoning poisoning = new Poisoning(settings.trigger(attack), settings.target());
        Poisoning.Poisoned poisoned = poisoning.poison(train, rate, settings.training().seed() + 1);
        LabelledTensors triggered = poisoning.triggeredTest(test);
        long t0 = System.nanoTime();
        // The poisoned model stays open through the scans: a flag expansion may query it.
        try (ImageClassifier model = train(poisoned.data())) {
            double trainSeconds = secs(t0);
            double accBefore = model.accuracy(test);
            double asrBefore = poisoning.attackSuccessRate(model.predict(triggered));
            int[] trainPredictions = settings.reclassify() ? model.predict(poisoned.data()) : null;
            note("%s %.0f%% (%d poisons): accuracy %.4f, ASR %.4f, epoch losses %s, %.1f s", attack, rate * 100,
                    poisoned.count(), accBefore, asrBefore, model.epochLosses(), trainSeconds);
            t0 = System.nanoTime();
            InMemorySource activations = new ActivationExtractor(FeatureLayer.prefix(model.block(), settings.layer()),
                    model.trainer().getManager(), 512, ProgressListener.none())
                    .extract(poisoned.data(), poisoned.poison(), attack + " " + rate);
            dump(model, poisoned.data(), poisoned.poison(), attack + "-" + rate);
            double extractSeconds = secs(t0);
            if (!settings.scan()) {
                return List.of();
            }
            return scanAndRetrain(poisoning, poisoned, triggered, activations, model,
                    new Before(rate, accBefore, asrBefore, trainSeconds, extractSeconds, trainPredictions));
        }
    }

    /**
     * The poisoned model's figures before cleaning.
     *
     * @param trainPredictions its class for every training row, when reclassification needs them, else null
     */
    private record Before(double rate, double accuracy, double asr, double trainSeconds, double extractSeconds,
            int[] trainPredictions) {
    }

    /** Scans with every detector set, drops each set's flags and retrains; the poisoned model stays open. */
    private List<BackdoorResult> scanAndRetrain(Poisoning poisoning, Poisoning.Poisoned poisoned,
            LabelledTensors triggered, InMemorySource activations, ImageClassifier model, Before before) {
        List<BackdoorResult> out = new ArrayList<>();
        Map<BitSet, Retrained> retrained = new HashMap<>();
        // Nothing flagged: retraining on the same rows from the same seed gives the same model (training is
        // deterministic), so the poisoned model's figures stand for it and the minute of training is saved.
        retrained.put(new BitSet(), new Retrained(before.accuracy(), before.asr(), before.trainPredictions()));
        for (String set : settings.detectors()) {
            List<Detector> detectors = Detectors.of(List.of(set.equals("default") ? Detectors.DEFAULT : set),
                    Double.NaN);
            String setName = set.equals("default") ? "default (" + Detectors.DEFAULT + ")" : set;
            long s0 = System.nanoTime();
            ActivationScan.Outcome outcome = new ActivationScan(detectors, "java").scan(activations);
            double scanSeconds = before.extractSeconds() + secs(s0);
            Metrics m = outcome.report().evaluation().orElseThrow().overall();
            for (ClassSummary c : outcome.report().classes()) {
                for (ClassResult r : c.detectors()) {
                    // A verdict of poisoned that the set did not heed asked for corroboration (CombinationRule).
                    String unheeded = r.verdict() == Verdict.POISONED && c.verdict() != Verdict.POISONED
                            ? " (not corroborated)" : "";
                    note("  %s class %d: %s%s, %s %.3f, anomaly index %.2f, flagged %d of %d", setName, c.label(),
                            r.verdict(), unheeded, r.statistic(), r.value(), r.anomalyIndex(), c.flaggedRows(),
                            c.rows());
                }
            }
            boolean[] flags = outcome.flags();
            BitSet key = rowsOf(flags);
            Retrained after = retrained.computeIfAbsent(key, k -> retrain(poisoned.data(), flags, poisoning,
                    triggered));
            BackdoorResult r = new BackdoorResult(poisoning.trigger().name(), before.rate(), poisoned.count(),
                    setName, m.recall(), m.falsePositiveRate(), m.flagged(), before.accuracy(), before.asr(),
                    after.accuracy(), after.asr(), scanSeconds, before.trainSeconds());
            note("%s", r.markdownRow());
            out.add(r);
            if (settings.reclassify()) {
                out.addAll(reclassified(poisoned, flags, after, r, poisoning, triggered, retrained));
            }
            for (FlagExpansion expansion : expansions) {
                out.addAll(expanded(expansion, poisoned, activations, outcome, model, r, poisoning, triggered,
                        retrained));
            }
        }
        return out;
    }

    /**
     * The scan's flags as the expansion changed them, and the model retrained without all of them; with
     * reclassification, a second row with those flags checked by it.
     */
    private List<BackdoorResult> expanded(FlagExpansion expansion, Poisoning.Poisoned poisoned,
            InMemorySource activations, ActivationScan.Outcome scan, ImageClassifier model, BackdoorResult scanned,
            Poisoning poisoning, LabelledTensors triggered, Map<BitSet, Retrained> cache) {
        long t0 = System.nanoTime();
        boolean[] more = expansion.expand(poisoned.data(), activations, scan, model, line -> note("  %s", line));
        double expandSeconds = secs(t0);
        BitSet key = rowsOf(more);
        Retrained cleaned = cache.computeIfAbsent(key, k -> retrain(poisoned.data(), more, poisoning, triggered));
        BackdoorResult r = result(scanned, scanned.detector() + " + " + expansion.name(), more, poisoned, cleaned,
                scanned.scanSeconds() + expandSeconds);
        note("%s", r.markdownRow());
        if (!settings.reclassify()) {
            return List.of(r);
        }
        List<BackdoorResult> out = new ArrayList<>(List.of(r));
        out.addAll(reclassified(poisoned, more, cleaned, r, poisoning, triggered, cache));
        return out;
    }

    /** The flagged rows as a set: the key under which a retrained model is cached. */
    private static BitSet rowsOf(boolean[] flags) {
        BitSet rows = new BitSet();
        IntStream.range(0, flags.length).filter(i -> flags[i]).forEach(rows::set);
        return rows;
    }

    /** A result row for the flags {@code kept}, measured against the poison marks, with the retrained model. */
    private static BackdoorResult result(BackdoorResult scanned, String detector, boolean[] kept,
            Poisoning.Poisoned poisoned, Retrained cleaned, double scanSeconds) {
        boolean[] poison = poisoned.poison();
        long flagged = 0;
        long truePositives = 0;
        long clean = 0;
        for (int i = 0; i < kept.length; i++) {
            flagged += kept[i] ? 1 : 0;
            truePositives += kept[i] && poison[i] ? 1 : 0;
            clean += poison[i] ? 0 : 1;
        }
        double recall = poisoned.count() == 0 ? Double.NaN : (double) truePositives / poisoned.count();
        double fpr = (double) (flagged - truePositives) / clean;
        return new BackdoorResult(scanned.attack(), scanned.rate(), scanned.poisons(), detector, recall, fpr, flagged,
                scanned.accuracyBefore(), scanned.asrBefore(), cleaned.accuracy(), cleaned.asr(), scanSeconds,
                scanned.trainSeconds());
    }

    /**
     * The scan's flags checked by exclusionary reclassification ({@link FlaggedClassCheck}) with the model already
     * retrained without them; when a class is rejected, its rows go back and the model is retrained once more. Two
     * rows: the class-level check, and the row-level one that also unflags the confirmed classes' rows that stayed.
     */
    private List<BackdoorResult> reclassified(Poisoning.Poisoned poisoned, boolean[] flags, Retrained after,
            BackdoorResult scanned, Poisoning poisoning, LabelledTensors triggered, Map<BitSet, Retrained> cache) {
        long t0 = System.nanoTime();
        int[] labels = poisoned.data().labels();
        List<FlaggedClassCheck.ClassCheck> checks = FlaggedClassCheck.defaults().check(labels, flags,
                after.predictions());
        checks.forEach(c -> note("  reclassification %s; they go to %s; %s", c.describe(),
                destinations(labels, flags, after.predictions(), c.label()),
                breakdown(labels, flags, after.predictions(), poisoned.poison(), c.label())));
        boolean[] kept = FlaggedClassCheck.confirmedFlags(labels, flags, checks);
        double checkSeconds = secs(t0); // the retraining below is cleaning, not scanning, as for the set's own row
        BitSet key = rowsOf(kept);
        Retrained cleaned = cache.computeIfAbsent(key, k -> retrain(poisoned.data(), kept, poisoning, triggered));
        BackdoorResult r = result(scanned, scanned.detector() + " + reclassification", kept, poisoned, cleaned,
                scanned.scanSeconds() + checkSeconds);
        note("%s", r.markdownRow());
        boolean[] moved = FlaggedClassCheck.movedFlags(labels, flags, after.predictions(), checks);
        Retrained byRow = cache.computeIfAbsent(rowsOf(moved), k -> retrain(poisoned.data(), moved, poisoning,
                triggered));
        BackdoorResult rows = result(scanned, scanned.detector() + " + row reclassification", moved, poisoned, byRow,
                scanned.scanSeconds() + checkSeconds);
        note("%s", rows.markdownRow());
        return List.of(r, rows);
    }

    /** How a class's flagged poisons and flagged clean rows split between leaving it and staying (ground truth). */
    private static String breakdown(int[] labels, boolean[] flags, int[] predicted, boolean[] poison, int label) {
        long[] c = new long[4]; // poisons that left, poisons that stayed, clean rows that left, clean rows that stayed
        for (int i = 0; i < labels.length; i++) {
            if (flags[i] && labels[i] == label) {
                c[(poison[i] ? 0 : 2) + (predicted[i] != label ? 0 : 1)]++;
            }
        }
        return String.format(Locale.ROOT, "flagged poisons %d left / %d stayed, flagged clean rows %d left / %d stayed",
                c[0], c[1], c[2], c[3]);
    }

    /** Where a class's flagged rows that leave it go: class to rows. */
    private static Map<Integer, Integer> destinations(int[] labels, boolean[] flags, int[] predicted, int label) {
        Map<Integer, Integer> to = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (flags[i] && labels[i] == label && predicted[i] != label) {
                to.merge(predicted[i], 1, Integer::sum);
            }
        }
        return to;
    }

    /** A model retrained without some rows: its test accuracy, ASR, and its classes for every training row. */
    private record Retrained(double accuracy, double asr, int[] predictions) {
    }

    /** Writes the activations of the scanned layer and the two before it, for offline study of the detectors. */
    private void dump(ImageClassifier model, LabelledTensors data, boolean[] poison, String name) {
        if (settings.dump() == null) {
            return;
        }
        try {
            Files.createDirectories(settings.dump());
            for (int layer = Math.max(1, settings.layer() - 2); layer <= settings.layer(); layer++) {
                java.nio.file.Path npz = settings.dump().resolve(String.format(Locale.ROOT, "%s-layer%d.npz", name,
                        layer));
                new ActivationExtractor(FeatureLayer.prefix(model.block(), layer), model.trainer().getManager(), 512,
                        ProgressListener.none()).extractTo(data, poison, npz);
                note("wrote %s", npz);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Retrained retrain(LabelledTensors data, boolean[] flags, Poisoning poisoning, LabelledTensors triggered) {
        long t0 = System.nanoTime();
        int[] kept = IntStream.range(0, flags.length).filter(i -> !flags[i]).toArray();
        try (ImageClassifier model = train(data.select(kept))) {
            double acc = model.accuracy(test);
            double asr = poisoning.attackSuccessRate(model.predict(triggered));
            note("retrained on %d rows: accuracy %.4f, ASR %.4f, %.1f s", kept.length, acc, asr, secs(t0));
            return new Retrained(acc, asr, settings.reclassify() ? model.predict(data) : null);
        }
    }

    /**
     * Trains a fresh model with the benchmark's settings (seed, threads, epochs): what a flag expansion that retrains
     * (the {@link PersistenceCheck}) is given.
     */
    public static Function<LabelledTensors, ImageClassifier> trainer(BenchmarkSettings settings) {
        return data -> {
            new DjlRuntime((int) settings.training().seed(), settings.threads(), 1).configure();
            ImageClassifier model = new ImageClassifier(settings.model().build(CLASSES), data.sampleShape(),
                    settings.training(), List.of());
            model.fit(data, new TrainingRows(data.size()), ProgressListener.none());
            return model;
        };
    }

    private ImageClassifier train(LabelledTensors data) {
        return trainer(settings).apply(data);
    }

    private void note(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.err.println(line);
        log.add(line);
    }

    private void write(CleanBaseline clean, List<BackdoorResult> results, double seconds) throws IOException {
        StringBuilder md = new StringBuilder("# Fashion-MNIST backdoor benchmark (DJL, PyTorch CPU)\n\n");
        TrainingSettings t = settings.training();
        md.append(String.format(Locale.ROOT, "Generated by `org.poisonscan.djl.FashionMnistBackdoor`. Training rows: %d, "
                + "test rows: %d, target class %d, SmallCnn (%s), %d epochs, batch %d, Adam lr %s, seed %d "
                + "(poison draw seed %d), PyTorch threads %d, scanned layer %d, %s %s, Java %s; total %.0f s.%n%n",
                train.size(),
                test.size(), settings.target(), settings.model(), t.epochs(), t.batchSize(), t.learningRate(),
                t.seed(), t.seed() + 1, settings.threads(), settings.layer(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), seconds));
        if (clean != null) {
            md.append(String.format(Locale.ROOT, "Clean model (no poison): test accuracy %.2f%%.",
                    clean.accuracy() * 100));
            clean.triggeredAsTarget().forEach((attack, rate) -> md.append(String.format(Locale.ROOT,
                    " It predicts the target for %.2f%% of the %s-triggered test images of the other classes (the ASR"
                            + " floor: what a model trained without any poison shows).", rate * 100, attack)));
            md.append("\n\n");
        }
        md.append(BackdoorResult.markdownHeader()).append('\n');
        results.forEach(r -> md.append(r.markdownRow()).append('\n'));
        md.append("\n## Log\n\n```\n");
        log.forEach(l -> md.append(l).append('\n'));
        md.append("```\n");
        if (settings.out().getParent() != null) {
            Files.createDirectories(settings.out().getParent());
        }
        Files.writeString(settings.out(), md);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
