package org.poisonscan.triggers.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.djl.ActivationExtractor;
import org.poisonscan.djl.DjlRuntime;
import org.poisonscan.djl.FeatureLayer;
import org.poisonscan.djl.IdxImages;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.djl.Poisoning;
import org.poisonscan.djl.ProgressListener;
import org.poisonscan.djl.SmallCnn;
import org.poisonscan.djl.TrainingRows;
import org.poisonscan.djl.TrainingSettings;
import org.poisonscan.djl.Trigger;
import org.poisonscan.triggers.Activations;
import org.poisonscan.triggers.ImageResult;
import org.poisonscan.triggers.ImageTriggers;
import org.poisonscan.triggers.TriggerCarrierExpansion;
import org.poisonscan.triggers.TriggerSettings;
import org.poisonscan.triggers.UnexplainedFlags;
import org.poisonscan.triggers.image.ImageSet;
import org.poisonscan.triggers.image.MaskScore;
import org.poisonscan.triggers.verify.CleanRows;
import org.poisonscan.triggers.verify.DjlImagePredictor;
import org.poisonscan.triggers.verify.ImageVerifier;
import org.poisonscan.triggers.verify.Verification;

/**
 * The image trigger hypothesis end to end on Fashion-MNIST: BadNets poisoning (3x3 white patch bottom-right, target
 * 0), a {@link SmallCnn} trained with DJL, its penultimate activations scanned with the default detectors (spectral
 * signatures and SPECTRE), the mask formed from the scan's flags (and from the ground truth, for comparison), scored
 * by the Jaccard index of its top-9 pixels against the patch, and verified by stamping it on clean test images of the
 * other classes.
 */
public final class FashionMnistTriggerRun {
    /** The BadNets target class. */
    public static final int TARGET = 0;
    /** The patch side. */
    public static final int PATCH = 3;

    private FashionMnistTriggerRun() {
    }

    /** One analysis (from the scan's flags or from the ground truth). */
    public record Analysis(String flags, List<ImageResult> results, int firstTarget, double jaccard,
            Verification testVerification) {
    }

    /**
     * The scan's flags completed with the rows carrying a confirmed trigger ({@link TriggerCarrierExpansion}).
     *
     * @param truePositives flagged poisons
     * @param falsePositives flagged clean rows
     */
    public record Carriers(long truePositives, long falsePositives) {
    }

    /** What the run measured. */
    public record Result(ImageBenchSettings settings, int trainRows, int poisons, double accuracy,
            double attackSuccess, Detection detection, Analysis fromScan, Analysis fromTruth, Carriers carriers,
            Carriers explained, double trainSeconds, double analysisSeconds, List<String> log) {
    }

    /** Runs the benchmark. */
    public static Result run(ImageBenchSettings s) throws IOException {
        List<String> log = new ArrayList<>();
        LabelledTensors train = IdxImages.train(s.data()).head(s.trainLimit());
        LabelledTensors test = IdxImages.test(s.data()).head(s.testLimit());
        Poisoning poisoning = new Poisoning(Trigger.badNets(PATCH), TARGET);
        Poisoning.Poisoned poisoned = poisoning.poison(train, s.rate(), s.seed() + 1);
        long t0 = System.nanoTime();
        try (ImageClassifier model = train(poisoned.data(), s, log)) {
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double accuracy = model.accuracy(test);
            double asr = poisoning.attackSuccessRate(model.predict(poisoning.triggeredTest(test)));
            BenchLog.note(log, "SmallCnn on %d images (%d poisons): test accuracy %.4f, attack success %.4f,"
                    + " %.1f s", poisoned.data().size(), poisoned.count(), accuracy, asr, trainSeconds);
            InMemorySource acts = new ActivationExtractor(FeatureLayer.prefix(model.block(), SmallCnn.PENULTIMATE),
                    model.trainer().getManager(), 512, ProgressListener.none())
                    .extract(poisoned.data(), poisoned.poison(), "fashion-mnist penultimate");
            Map<Integer, String> names = new java.util.TreeMap<>();
            String[] n = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot"};
            for (int c = 0; c < n.length; c++) {
                names.put(c, n[c]);
            }
            Detection detection = Detection.run(acts, org.poisonscan.pipeline.Detectors.defaults(), names);
            BenchLog.note(log, "scan (" + org.poisonscan.pipeline.Detectors.DEFAULT
                    + "): poisoned classes %s, %s, %.1f s",
                    detection.report().poisonedClasses(), detection.metrics(), detection.seconds());
            ImageSet images = new ImageSet(poisoned.data().values(), poisoned.data().size(), 28, 28, 1);
            ImageSet testImages = new ImageSet(test.values(), test.size(), 28, 28, 1);
            Activations activations = new Activations(BenchLog.flat(acts), acts.dimension(), "penultimate");
            DjlImagePredictor predictor = DjlImagePredictor.of(model);
            TriggerSettings ts = TriggerSettings.defaults().withPermutations(s.permutations())
                    .withVerification(2000, s.seed());
            long a0 = System.nanoTime();
            var retrainer = s.exclusionary() ? Retrainers.images(poisoned.data(), s, log) : null;
            Analysis fromScan = analyse("scan", detection.scan(), images, testImages, test.labels(), activations,
                    predictor,
                    retrainer, ts, log);
            double analysisSeconds = (System.nanoTime() - a0) / 1e9;
            Analysis fromTruth = analyse("ground truth", Detection.truth(detection.scan(), poisoned.poison()), images,
                    testImages, test.labels(), activations, predictor, null, ts, log);
            // The scan's hypotheses, already verified on training rows: their confirmed triggers' carriers.
            List<UnexplainedFlags.Confirmed> confirmed = new ArrayList<>();
            boolean[] expanded = TriggerCarrierExpansion.withCarriers(detection.scan().flagged(), images,
                    poisoned.data().labels(), fromScan.results(), ts.alpha(),
                    line -> BenchLog.note(log, "trigger carriers: %s", line), confirmed);
            Carriers carriers = count(expanded, poisoned.poison());
            BenchLog.note(log, "scan + trigger carriers: %d of %d poisons, %d false positives",
                    carriers.truePositives(), poisoned.count(), carriers.falsePositives());
            boolean[] kept = UnexplainedFlags.release(acts, expanded, confirmed,
                    source -> org.poisonscan.djl.ActivationScan.defaults().scan(source).report(),
                    line -> BenchLog.note(log, "unexplained flags: %s", line));
            Carriers explained = count(kept, poisoned.poison());
            BenchLog.note(log, "scan + trigger carriers, unexplained flags released: %d of %d poisons, %d false"
                    + " positives", explained.truePositives(), poisoned.count(), explained.falsePositives());
            return new Result(s, poisoned.data().size(), poisoned.count(), accuracy, asr, detection, fromScan,
                    fromTruth, carriers, explained, trainSeconds, analysisSeconds, log);
        }
    }

    private static Carriers count(boolean[] flags, boolean[] poison) {
        long truePositives = 0;
        long falsePositives = 0;
        for (int i = 0; i < flags.length; i++) {
            truePositives += flags[i] && poison[i] ? 1 : 0;
            falsePositives += flags[i] && !poison[i] ? 1 : 0;
        }
        return new Carriers(truePositives, falsePositives);
    }

    private static Analysis analyse(String what, org.poisonscan.triggers.ScanOutput scan, ImageSet images,
            ImageSet test, int[] testLabels, Activations activations, DjlImagePredictor predictor,
            org.poisonscan.ac.ExclusionaryReclassifier retrainer, TriggerSettings ts, List<String> log)
            throws IOException {
        List<ImageResult> results = ImageTriggers.analyse(scan, images, activations, predictor, retrainer, null, ts);
        List<ImageResult> ranked = new ArrayList<>(results);
        ranked.sort(java.util.Comparator.comparing(
                (ImageResult r) -> org.poisonscan.triggers.HypothesisOrder.image(r.hypothesis(), r.verification()),
                org.poisonscan.triggers.HypothesisOrder::compare));
        if (ranked.isEmpty()) {
            BenchLog.note(log, "%s: no class analysed", what);
            return new Analysis(what, results, -1, Double.NaN, null);
        }
        ImageResult first = ranked.get(0);
        double jaccard = MaskScore.topKJaccard(first.hypothesis().mask(), MaskScore.bottomRightSquare(PATCH, 28, 28));
        int[] others = CleanRows.ofOtherClasses(testLabels, new boolean[testLabels.length],
                first.hypothesis().target(), ts.verifyLimit(), ts.seed());
        Verification v = first.hypothesis().significant()
                ? ImageVerifier.verify(test, others, first.hypothesis(), predictor) : null;
        for (ImageResult r : ranked) {
            BenchLog.note(log, "%s: class %d: %s; adjusted p %.3g; sources %s (%s); verification %s;"
                    + " exclusionary %s", what, r.hypothesis().target(), r.hypothesis().describe(),
                    r.hypothesis().pValue(), java.util.Arrays.toString(r.sources().sources()), r.sources().nearest(),
                    r.verification(), r.exclusion() == null ? "-" : r.exclusion().predicted());
        }
        BenchLog.note(log, "%s: first hypothesis class %d, top-9 Jaccard %.3f, test flip %s", what,
                first.hypothesis().target(), jaccard, v);
        return new Analysis(what, results, first.hypothesis().target(), jaccard, v);
    }

    static ImageClassifier train(LabelledTensors data, ImageBenchSettings s, List<String> log) {
        new DjlRuntime((int) s.seed(), 1, 1).configure();
        ImageClassifier model = new ImageClassifier(SmallCnn.build(s.hidden(), 10), data.sampleShape(),
                new TrainingSettings(s.epochs(), s.batch(), s.learningRate(), s.seed()), List.of());
        model.fit(data, new TrainingRows(data.size()), ProgressListener.none());
        BenchLog.note(log, "SmallCnn trained on %d rows, epoch losses %s", data.size(), model.epochLosses());
        return model;
    }
}
