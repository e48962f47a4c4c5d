package org.poisonscan.triggers.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.djl.ActivationExtractor;
import org.poisonscan.djl.DjlRuntime;
import org.poisonscan.djl.FeatureLayer;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.djl.ProgressListener;
import org.poisonscan.djl.TrainingRows;
import org.poisonscan.djl.TrainingSettings;
import org.poisonscan.triggers.Activations;
import org.poisonscan.triggers.ItemResult;
import org.poisonscan.triggers.ItemTriggers;
import org.poisonscan.triggers.TriggerSettings;
import org.poisonscan.triggers.items.ItemTable;
import org.poisonscan.triggers.items.TextItems;
import org.poisonscan.triggers.verify.TextPredictor;
import org.poisonscan.triggers.verify.TextVerifier;
import org.poisonscan.triggers.verify.Verification;

/**
 * The text backdoor end to end: SpamAssassin bodies, a rare token inserted into a few percent of the ham training
 * e-mails which are relabelled spam, a bag-of-words MLP trained with DJL, its hidden activations scanned with
 * spectral signatures, SPECTRE and activation clustering, and the token hypotheses formed from the scan's flags (and,
 * for comparison, from the ground truth), verified by inserting the top tokens into clean ham.
 */
public final class SpamTriggerRun {
    /** Class 0. */
    public static final int HAM = 0;
    /** Class 1. */
    public static final int SPAM = 1;

    private SpamTriggerRun() {
    }

    /** What the run measured. */
    public record Result(SpamSettings settings, int trainRows, int testRows, int poisons, boolean tokenInVocabulary,
            double testAccuracy, double attackSuccess, Detection detection, List<ItemResult> fromScan,
            List<ItemResult> fromTruth, int tokenRankScan, int tokenRankScanUnverified, int tokenRankTruth,
            double trainSeconds,
            double analysisSeconds, List<String> log) {

        /** The ranked hypotheses of the scan-flag analysis. */
        public List<String> topScan(int n) {
            return describe(RankedItem.rank(fromScan), n);
        }

        /** The ranked hypotheses of the ground-truth analysis. */
        public List<String> topTruth(int n) {
            return describe(RankedItem.rank(fromTruth), n);
        }

        private static List<String> describe(List<RankedItem> ranked, int n) {
            List<String> out = new ArrayList<>();
            for (RankedItem r : ranked.subList(0, Math.min(n, ranked.size()))) {
                var e = r.item();
                out.add(String.format(java.util.Locale.ROOT, "| %d | %d | %s | %d/%d | %d/%d | %d/%d | %.2f | %.3g |"
                        + " %.3g |", r.rank(), r.target(), e.item(), e.flaggedWith(), e.flagged(), e.cleanWith(),
                        e.clean(), e.sourceWith(), e.source(), e.logOdds(), e.log10P(), e.adjustedP()));
            }
            return out;
        }
    }

    /** Runs the backdoor on {@code corpus}. */
    public static Result run(List<SpamAssassinCorpus.Email> corpus, SpamSettings s) throws IOException {
        List<String> log = new ArrayList<>();
        List<SpamAssassinCorpus.Email> emails = sample(corpus, s.emails(), s.seed());
        int[] order = IntStream.range(0, emails.size()).toArray();
        shuffle(order, new SplittableRandom(s.seed() + 2));
        int testRows = (int) Math.round(s.testShare() * emails.size());
        int[] testIdx = Arrays.copyOfRange(order, 0, testRows);
        int[] trainIdx = Arrays.copyOfRange(order, testRows, order.length);
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        List<String> trainTexts = new ArrayList<>();
        int[] trainLabels = new int[trainIdx.length];
        for (int i = 0; i < trainIdx.length; i++) {
            trainTexts.add(emails.get(trainIdx[i]).body());
            trainLabels[i] = emails.get(trainIdx[i]).spam() ? SPAM : HAM;
        }
        List<String> testHam = new ArrayList<>();
        List<String> testTexts = new ArrayList<>();
        int[] testLabels = new int[testIdx.length];
        for (int i = 0; i < testIdx.length; i++) {
            SpamAssassinCorpus.Email e = emails.get(testIdx[i]);
            testTexts.add(e.body());
            testLabels[i] = e.spam() ? SPAM : HAM;
            if (!e.spam()) {
                testHam.add(e.body());
            }
        }
        TextBackdoor backdoor = new TextBackdoor(s.token(), HAM, SPAM, s.rate(), s.seed() + 1);
        TextBackdoor.Poisoned poisoned = backdoor.poison(trainTexts, trainLabels);
        BagOfWords bow = BagOfWords.fit(poisoned.texts(), s.vocabulary());
        LabelledTensors train = new LabelledTensors(bow.features(poisoned.texts()), new long[] {bow.size()},
                poisoned.labels());
        long t0 = System.nanoTime();
        ImageClassifier model = train(train, s, log);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        try {
            TextPredictor predictor = texts -> model.predict(new LabelledTensors(bow.features(texts),
                    new long[] {bow.size()}, new int[texts.size()]));
            double accuracy = model.accuracy(new LabelledTensors(bow.features(testTexts), new long[] {bow.size()},
                    testLabels));
            Verification asr = TextVerifier.verify(testHam, s.token(), SPAM, predictor, s.seed() + 3);
            BenchLog.note(log, "train %d (poisons %d), test %d; '%s' in vocabulary: %s; test accuracy %.4f; true"
                    + " trigger on %d test ham: %.4f spam (baseline %.4f); %.1f s", train.size(), poisoned.count(),
                    testRows, s.token(), bow.contains(s.token()), accuracy, testHam.size(), asr.flipRate(),
                    asr.baselineRate(), trainSeconds);
            InMemorySource acts = new ActivationExtractor(FeatureLayer.prefix(model.block(), s.layer()),
                    model.trainer().getManager(), 512, ProgressListener.none())
                    .extract(train, poisoned.poison(), "spam-assassin hidden");
            Detection detection = Detection.run(acts, s.detectorList(), Map.of(HAM, "ham", SPAM, "spam"));
            BenchLog.note(log, "scan: poisoned classes %s, %s, %.1f s", detection.report().poisonedClasses(),
                    detection.metrics(), detection.seconds());
            long a0 = System.nanoTime();
            ItemTable items = TextItems.of(poisoned.texts());
            Activations activations = new Activations(BenchLog.flat(acts), acts.dimension(), "hidden");
            TriggerSettings ts = TriggerSettings.defaults().withVerification(2000, s.seed());
            var retrainer = s.exclusionary() ? Retrainers.text(train, s, log) : null;
            List<ItemResult> fromScan = ItemTriggers.analyse(detection.scan(), items, activations,
                    poisoned.texts(), predictor, retrainer, null, ts);
            double analysisSeconds = (System.nanoTime() - a0) / 1e9;
            List<ItemResult> fromTruth = ItemTriggers.analyse(Detection.truth(detection.scan(), poisoned.poison()),
                    items, activations, poisoned.texts(), predictor, null, null, ts);
            int rankScan = RankedItem.rankOf(RankedItem.rank(fromScan), s.token());
            int rankUnverified = RankedItem.rankOf(RankedItem.rank(fromScan, false), s.token());
            int rankTruth = RankedItem.rankOf(RankedItem.rank(fromTruth), s.token());
            BenchLog.note(log, "'%s' ranks %d from the scan's flags (%d by p-value alone, without the verification),"
                    + " %d from the ground truth; analysis %.1f s", s.token(), rankScan, rankUnverified, rankTruth,
                    analysisSeconds);
            return new Result(s, train.size(), testRows, poisoned.count(), bow.contains(s.token()), accuracy,
                    asr.flipRate(), detection, fromScan, fromTruth, rankScan, rankUnverified, rankTruth, trainSeconds,
                    analysisSeconds, log);
        } finally {
            model.close();
        }
    }

    static ImageClassifier train(LabelledTensors data, SpamSettings s, List<String> log) {
        new DjlRuntime((int) s.seed(), 1, 1).configure();
        ImageClassifier model = new ImageClassifier(TextMlp.build(s.hidden(), 2), data.sampleShape(),
                new TrainingSettings(s.epochs(), s.batch(), s.learningRate(), s.seed(), s.weightDecay()), List.of());
        model.fit(data, new TrainingRows(data.size()), ProgressListener.none());
        BenchLog.note(log, "MLP (%d -> %d -> 2) epoch losses %s", data.sampleSize(), s.hidden(), model.epochLosses());
        return model;
    }

    private static List<SpamAssassinCorpus.Email> sample(List<SpamAssassinCorpus.Email> corpus, int n, long seed) {
        if (n <= 0 || n >= corpus.size()) {
            return corpus;
        }
        int[] idx = IntStream.range(0, corpus.size()).toArray();
        shuffle(idx, new SplittableRandom(seed));
        int[] keep = Arrays.copyOf(idx, n);
        Arrays.sort(keep);
        List<SpamAssassinCorpus.Email> out = new ArrayList<>();
        for (int i : keep) {
            out.add(corpus.get(i));
        }
        return out;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
