package org.poisonscan.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link SequentialBlock} classifier with DJL (softmax cross-entropy, Adam) on {@link LabelledTensors}, one
 * epoch at a time over the rows a {@link TrainingRows} keeps, so a listener can drop rows between epochs. After each
 * epoch it notifies the trainer's listeners ({@link TrainingListener#onEpoch}). The engine is reseeded with the
 * settings' seed before the weights are initialised and shuffles are seeded per epoch, so a model is reproducible for
 * a fixed seed and thread count, whatever was trained before it in the same JVM.
 */
public final class ImageClassifier implements Classifier, AutoCloseable {
    private final Model model;
    private final Trainer trainer;
    private final SequentialBlock block;
    private final TrainingSettings settings;
    private final long[] sampleShape;
    private final List<Double> epochLosses = new ArrayList<>();

    /**
     * @param block the network (its last sub-block returns the logits)
     * @param sampleShape one input sample's shape
     * @param settings training settings
     * @param listeners DJL listeners (for example a {@link ScanningTrainingListener})
     */
    public ImageClassifier(SequentialBlock block, long[] sampleShape, TrainingSettings settings,
            List<TrainingListener> listeners) {
        this.block = block;
        this.settings = settings;
        this.sampleShape = sampleShape.clone();
        this.model = Model.newInstance("poisonscan-cnn", "PyTorch");
        // Weight initialisation draws from the engine's generator: seed it here, or a second model built in the same
        // JVM starts from wherever the first one left it.
        model.getNDManager().getEngine().setRandomSeed((int) settings.seed());
        model.setBlock(block);
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                        .optWeightDecays(settings.weightDecay()).build())
                .addTrainingListeners(listeners.toArray(TrainingListener[]::new));
        this.trainer = model.newTrainer(config);
        long[] batchShape = new long[sampleShape.length + 1];
        batchShape[0] = 1;
        System.arraycopy(sampleShape, 0, batchShape, 1, sampleShape.length);
        trainer.initialize(new Shape(batchShape));
    }

    /** Trains {@link TrainingSettings#epochs()} epochs; the rows may shrink between epochs. */
    public void fit(LabelledTensors data, TrainingRows rows, ProgressListener progress) {
        for (int e = 0; e < settings.epochs(); e++) {
            trainEpoch(data, rows.kept(), new SplittableRandom(settings.seed() * 1_000_003L + epochLosses.size()),
                    progress);
        }
    }

    /** One epoch over {@code rows} in a shuffled order; returns the mean training loss and notifies the listeners. */
    public double trainEpoch(LabelledTensors data, int[] rows, SplittableRandom random, ProgressListener progress) {
        if (!java.util.Arrays.equals(data.sampleShape(), sampleShape)) {
            throw new IllegalArgumentException("samples of shape " + java.util.Arrays.toString(data.sampleShape())
                    + " for a model built for " + java.util.Arrays.toString(sampleShape));
        }
        if (rows.length == 0) {
            throw new IllegalStateException("epoch " + (epochLosses.size() + 1) + ": no rows left to train on (every"
                    + " row was dropped)");
        }
        for (int r : rows) {
            if (r < 0 || r >= data.size()) {
                throw new IllegalArgumentException("row " + r + " outside 0.." + (data.size() - 1) + " of the data");
            }
        }
        int[] order = rows.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int bs = settings.batchSize();
        int ss = data.sampleSize();
        float[] x = new float[bs * ss];
        float[] y = new float[bs];
        double lossSum = 0;
        for (int start = 0; start < order.length; start += bs) {
            int n = Math.min(bs, order.length - start);
            for (int i = 0; i < n; i++) {
                data.copySample(order[start + i], x, i * ss);
                y[i] = data.label(order[start + i]);
            }
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray input = scope.create(FloatBuffer.wrap(x, 0, n * ss), batchShape(n));
                NDArray labels = scope.create(FloatBuffer.wrap(y, 0, n), new Shape(n));
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList predictions = trainer.forward(new NDList(input));
                    checkLabels(y, n, predictions.singletonOrThrow().getShape().get(1), order, start);
                    NDArray loss = trainer.getLoss().evaluate(new NDList(labels), predictions);
                    lossSum += loss.getFloat() * n;
                    gc.backward(loss);
                }
                trainer.step();
            }
            progress.progress(start + n, order.length);
        }
        double mean = order.length == 0 ? Double.NaN : lossSum / order.length;
        epochLosses.add(mean);
        trainer.notifyListeners(listener -> listener.onEpoch(trainer));
        return mean;
    }

    /** PyTorch's loss would fail on a label past the last output with an index error that names no sample. */
    private static void checkLabels(float[] y, int n, long outputs, int[] order, int start) {
        for (int i = 0; i < n; i++) {
            if (y[i] >= outputs) {
                throw new IllegalArgumentException("sample " + order[start + i] + " has label " + (int) y[i]
                        + ", but the model has " + outputs + " outputs (labels 0.." + (outputs - 1) + ")");
            }
        }
    }

    /** Predicted class per sample. */
    @Override
    public int[] predict(LabelledTensors data) {
        return Classifier.highestScores(FeatureLayer.prefix(block, block.getChildren().size() - 1),
                trainer.getManager(), data, 512);
    }

    /** Share of samples whose predicted class equals their label. */
    public double accuracy(LabelledTensors data) {
        int[] p = predict(data);
        int hits = 0;
        for (int i = 0; i < p.length; i++) {
            hits += p[i] == data.label(i) ? 1 : 0;
        }
        return (double) hits / p.length;
    }

    /** Mean training loss of each epoch so far. */
    public List<Double> epochLosses() {
        return List.copyOf(epochLosses);
    }

    /** The network. */
    public SequentialBlock block() {
        return block;
    }

    /** The DJL trainer (its manager holds the parameters). */
    public Trainer trainer() {
        return trainer;
    }

    private Shape batchShape(int n) {
        long[] s = new long[sampleShape.length + 1];
        s[0] = n;
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return new Shape(s);
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
