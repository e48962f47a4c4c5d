package org.poisonscan.djl;

import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.data.InvalidInputException;

/**
 * A DJL training listener that, at the end of a chosen epoch, extracts the activations of the rows still in training
 * at a chosen layer, scans them and hands the flagged rows to a callback, which typically drops them
 * ({@link TrainingRows#drop}) so training goes on without them. Scanning after an early epoch follows Tran et al.
 * (2018): the backdoor is already learnt, so its rows separate in the representation. Retraining from scratch without
 * them removes it; continuing the same model removes it only if the backdoor was not yet firmly learnt (a probe with
 * a small MLP: dropped after epoch 1, attack success fell from 0.54 to 0.03; dropped after epoch 3, it stayed near
 * 0.6), so retrain when you can.
 *
 * <p>The listener counts {@code onEpoch} calls over its lifetime and scans once: use a new listener per model (a
 * second model is refused). When training ends before the chosen epoch it logs a warning, and {@link #result()} stays
 * empty. It
 * works with any loop that notifies the trainer's listeners after each epoch ({@link ImageClassifier}, which trains
 * each epoch on {@code rows.get()}, or DJL's {@code EasyTrain.fit}, which trains on a fixed dataset: there rebuild the
 * dataset from the kept rows and call it one epoch at a time).
 *
 * <p>With a {@link PersistenceCheck}, the model as it stands after the scanned epoch also checks the scan's flags
 * and looks for the poisons the activations alone miss (a trigger spread over the whole image, such as Blend): the
 * check queries the model ({@link Classifier#of} its block), trains one more model without its candidate groups with
 * its own trainer, and its decisions come back in {@link FlaggedRows#evidence()}. Scan then after the epoch where the
 * model has learnt the trigger (the last): before it, the poisons do not keep their label under superimposition and
 * the check releases the scan's flags on them with the false ones.
 */
public final class ScanningTrainingListener extends TrainingListenerAdapter {
    private final int scanAfterEpoch;
    private final Function<Block, FeatureLayer> layer;
    private final LabelledTensors data;
    private final boolean[] groundTruth;
    private final Supplier<int[]> rows;
    private final ActivationScan scan;
    private final Consumer<FlaggedRows> callback;
    private final ProgressListener progress;
    private final PersistenceCheck check;
    private int epoch;
    private ai.djl.Model model;
    private FlaggedRows result;

    /**
     * @param scanAfterEpoch the epoch (1-based) after which to scan
     * @param layer picks the feature layer from the model's block, for example
     *     {@code b -> FeatureLayer.prefix((SequentialBlock) b, SmallCnn.PENULTIMATE)}
     * @param data the full training set
     * @param groundTruth poison marks over the full training set for an evaluation in the report, or {@code null}
     * @param rows the rows in training now (indices into {@code data}), read when the scan runs
     * @param scan detectors and backend
     * @param callback receives the flagged rows
     * @param progress extraction progress
     */
    public ScanningTrainingListener(int scanAfterEpoch, Function<Block, FeatureLayer> layer, LabelledTensors data,
            boolean[] groundTruth, Supplier<int[]> rows, ActivationScan scan, Consumer<FlaggedRows> callback,
            ProgressListener progress) {
        this(scanAfterEpoch, layer, data, groundTruth, rows, scan, callback, progress, null);
    }

    /**
     * As the other constructor, with the scan's flags checked by {@code check} on the model being trained (its
     * block's first output must be the class scores).
     *
     * @param check the model-assisted check, or {@code null} for the scan's flags as they are
     */
    public ScanningTrainingListener(int scanAfterEpoch, Function<Block, FeatureLayer> layer, LabelledTensors data,
            boolean[] groundTruth, Supplier<int[]> rows, ActivationScan scan, Consumer<FlaggedRows> callback,
            ProgressListener progress, PersistenceCheck check) {
        if (scanAfterEpoch < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + scanAfterEpoch);
        }
        Objects.requireNonNull(data, "data");
        if (groundTruth != null && groundTruth.length != data.size()) {
            throw new IllegalArgumentException(groundTruth.length + " ground-truth marks for " + data.size() + " rows");
        }
        this.scanAfterEpoch = scanAfterEpoch;
        this.layer = Objects.requireNonNull(layer, "layer");
        this.data = Objects.requireNonNull(data, "data");
        this.groundTruth = groundTruth == null ? null : groundTruth.clone();
        this.rows = Objects.requireNonNull(rows, "rows");
        this.scan = Objects.requireNonNull(scan, "scan");
        this.callback = Objects.requireNonNull(callback, "callback");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.check = check;
    }

    /** The scan's flagged rows, once it has run (empty before, or when training ended before the chosen epoch). */
    public java.util.Optional<FlaggedRows> result() {
        return java.util.Optional.ofNullable(result);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        // Epochs are counted per listener: on a second model they would count on from the first's.
        if (model == null) {
            model = trainer.getModel();
        } else if (model != trainer.getModel()) {
            throw new IllegalStateException("this ScanningTrainingListener was attached to model '"
                    + model.getName() + "' and now sees another; use a new listener per model");
        }
        epoch++;
        if (epoch != scanAfterEpoch) {
            return;
        }
        int[] current = rows.get();
        for (int id : current) {
            if (id < 0 || id >= data.size()) {
                throw new IllegalArgumentException("the rows supplier returned row " + id + ", outside 0.."
                        + (data.size() - 1) + " of the data");
            }
        }
        boolean[] truth = null;
        if (groundTruth != null) {
            truth = new boolean[current.length];
            for (int i = 0; i < current.length; i++) {
                truth[i] = groundTruth[current[i]];
            }
        }
        Block block = trainer.getModel().getBlock();
        LabelledTensors scanned = data.select(current);
        InMemorySource source;
        ActivationScan.Outcome outcome;
        try {
            source = new ActivationExtractor(layer.apply(block), trainer.getManager(), 512, progress)
                    .extract(scanned, truth, "training activations after epoch " + epoch);
            outcome = scan.scan(source);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(withTrainingRow(e.getMessage(), current));
        }
        List<String> evidence = new ArrayList<>();
        boolean[] flags = check == null ? outcome.flags()
                : check.check(scanned, source, outcome, Classifier.of(block, trainer.getManager()), evidence::add);
        long[] flagged = java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i])
                .mapToLong(i -> current[i]).toArray();
        result = new FlaggedRows(epoch, current.length, flagged, outcome.report(), evidence);
        callback.accept(result);
    }

    /** Says when training ended before the chosen epoch, so that no scan ran (the callback was never called). */
    @Override
    public void onTrainingEnd(Trainer trainer) {
        if (result == null && epoch < scanAfterEpoch) {
            System.getLogger(ScanningTrainingListener.class.getName()).log(System.Logger.Level.WARNING,
                    "training ended after " + epoch + " epoch(s), before epoch " + scanAfterEpoch
                            + ", so no scan ran and no rows were flagged");
        }
    }

    /**
     * The scanned rows are the supplier's, renumbered from 0: a message naming "row i" of them also names the training
     * row (the id the flags use).
     */
    static String withTrainingRow(String message, int[] current) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\brow (\\d+)").matcher(message);
        if (m.find()) {
            long row = Long.parseLong(m.group(1));
            if (row < current.length) {
                return message + " (scanned row " + row + " is training row " + current[(int) row] + ")";
            }
        }
        return message;
    }
}
