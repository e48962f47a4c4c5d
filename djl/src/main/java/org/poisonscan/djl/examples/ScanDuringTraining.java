package org.poisonscan.djl.examples;

import ai.djl.nn.SequentialBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.poisonscan.djl.ActivationScan;
import org.poisonscan.djl.DjlRuntime;
import org.poisonscan.djl.FeatureLayer;
import org.poisonscan.djl.FlaggedRows;
import org.poisonscan.djl.IdxImages;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.djl.PersistenceCheck;
import org.poisonscan.djl.Poisoning;
import org.poisonscan.djl.ProgressListener;
import org.poisonscan.djl.ScanningTrainingListener;
import org.poisonscan.djl.SmallCnn;
import org.poisonscan.djl.SuperimpositionPersistence;
import org.poisonscan.djl.TrainingRows;
import org.poisonscan.djl.TrainingSettings;
import org.poisonscan.djl.Trigger;

/**
 * The training hook in a DJL training loop: poison Fashion-MNIST with a BadNets patch, train {@link SmallCnn}, scan
 * the penultimate activations after epoch {@code scanAfterEpoch}, drop the flagged rows and keep training on the
 * rest. With {@code persistence-check}, the scan runs after the last epoch instead of the first, and the model also
 * checks the scan's flags and looks for the poisons the activations alone miss ({@link PersistenceCheck}; it trains
 * one more model, with the same settings, without its candidate groups); retrain without the flagged rows after.
 *
 * <p>Usage: {@code ScanDuringTraining [dataDir [trainImages [epochs [persistence-check]]]]} (defaults: Debian's
 * directory, 10,000, 3, no check).
 */
public final class ScanDuringTraining {

    private ScanDuringTraining() {
    }

    /**
     * What one run did.
     *
     * @param model the trained model (the caller closes it)
     * @param rows the rows kept at the end
     * @param scans what each scan flagged
     */
    public record Run(ImageClassifier model, TrainingRows rows, List<FlaggedRows> scans) {
    }

    /** Runs the example and prints what the scan found. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : IdxImages.DEBIAN_FASHION_MNIST;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean check = args.length > 3 && requireCheckArgument(args[3]);
        LabelledTensors clean = IdxImages.train(dir).head(limit);
        Poisoning.Poisoned poisoned = new Poisoning(Trigger.badNets(3), 0).poison(clean, 0.1, 1);
        TrainingSettings settings = new TrainingSettings(epochs, 128, 1e-3f, 42);
        // The check needs a model that has learnt the trigger (its poisons keep their label under superimposition):
        // scanned after the first epoch, the poisons the scan finds do not persist yet and the check releases them.
        Run run = train(poisoned.data(), poisoned.poison(), settings, check ? epochs : 1, check);
        try (ImageClassifier model = run.model()) {
            for (FlaggedRows f : run.scans()) {
                f.evidence().forEach(System.out::println);
                System.out.printf("after epoch %d: flagged %d of %d rows, %d of the %d poisons; the activation scan's"
                        + " evaluation %s%n", f.epoch(), f.rows().length, f.scanned(),
                        java.util.Arrays.stream(f.rows()).filter(r -> poisoned.poison()[(int) r]).count(),
                        poisoned.count(), f.report().evaluation().map(e -> e.overall().toString()).orElse("n/a"));
            }
            System.out.printf("epoch losses %s; trained on %d rows at the end%n", model.epochLosses(),
                    run.rows().kept().length);
        }
    }

    /**
     * Trains with the scanning hook: the listener scans after {@code scanAfterEpoch} and its callback drops the
     * flagged rows from {@link TrainingRows}, which the loop reads at the start of every epoch.
     *
     * @param data the (possibly poisoned) training set
     * @param groundTruth poison marks for the report's evaluation, or {@code null}
     * @param settings training settings (epochs, batch, learning rate, seed)
     * @param scanAfterEpoch the epoch (1-based) after which to scan
     * @param persistenceCheck whether the model checks the scan's flags ({@link PersistenceCheck}, which trains its
     *     one model with the same settings)
     */
    public static Run train(LabelledTensors data, boolean[] groundTruth, TrainingSettings settings,
            int scanAfterEpoch, boolean persistenceCheck) {
        new DjlRuntime((int) settings.seed(), Integer.getInteger("ai.djl.pytorch.num_threads", 1), 1).configure();
        TrainingRows rows = new TrainingRows(data.size());
        List<FlaggedRows> scans = new ArrayList<>();
        PersistenceCheck check = persistenceCheck ? new PersistenceCheck(PersistenceCheck.Settings.defaults(),
                SuperimpositionPersistence.defaults(), kept -> fitted(kept, settings)) : null;
        ScanningTrainingListener hook = new ScanningTrainingListener(scanAfterEpoch,
                block -> FeatureLayer.prefix((SequentialBlock) block, SmallCnn.PENULTIMATE), data, groundTruth,
                rows::kept, ActivationScan.defaults(), flagged -> {
                    rows.drop(flagged.rows());
                    scans.add(flagged);
                }, ProgressListener.stderr("extracting activations"), check);
        ImageClassifier model = new ImageClassifier(SmallCnn.build(64, 10), data.sampleShape(), settings,
                List.of(hook));
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            model.trainEpoch(data, rows.kept(), new SplittableRandom(settings.seed() + epoch),
                    ProgressListener.none());
        }
        return new Run(model, rows, scans);
    }

    /** A fresh model of the example's shape trained on {@code data}: the persistence check's verdict model. */
    private static ImageClassifier fitted(LabelledTensors data, TrainingSettings settings) {
        ImageClassifier model = new ImageClassifier(SmallCnn.build(64, 10), data.sampleShape(), settings, List.of());
        model.fit(data, new TrainingRows(data.size()), ProgressListener.none());
        return model;
    }

    private static boolean requireCheckArgument(String arg) {
        if (!arg.equals("persistence-check")) {
            throw new IllegalArgumentException("the fourth argument may only be persistence-check, got '" + arg + "'");
        }
        return true;
    }
}
