package org.poisonscan.triggers.verify;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.poisonscan.djl.Classifier;
import org.poisonscan.djl.DjlRuntime;
import org.poisonscan.djl.FeatureLayer;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;
import org.poisonscan.djl.TorchScriptModels;

/**
 * An {@link ImagePredictor} over a DJL model: a TorchScript file ({@link #torchScript}) or a model trained in Java
 * ({@link #of(ImageClassifier)}). Images arrive channels last; the model gets them in the {@link Layout} it expects
 * (PyTorch convention: channels first). The predicted class is the argmax of the logits.
 */
public final class DjlImagePredictor implements ImagePredictor, AutoCloseable {
    /** How one image is laid out for the model. */
    public enum Layout {
        /** {@code C x H x W} (PyTorch, and {@link org.poisonscan.djl.SmallCnn}). */
        CHW,
        /** {@code H x W x C}. */
        HWC,
        /** One flat vector of {@code H * W * C} values (channels last). */
        FLAT
    }

    private final FeatureLayer logits;
    private final NDManager manager;
    private final Layout layout;
    private final Model owned;

    private DjlImagePredictor(FeatureLayer logits, NDManager manager, Layout layout, Model owned) {
        this.logits = logits;
        this.manager = manager;
        this.layout = layout;
        this.owned = owned;
    }

    /**
     * Loads a TorchScript model whose forward returns the logits, or a tuple of which output {@code output} holds
     * them. The predictor owns the model: close it.
     */
    public static DjlImagePredictor torchScript(Path file, int output, Layout layout) throws IOException {
        DjlRuntime.defaults().configure();
        Model model = TorchScriptModels.load(file);
        Block block = model.getBlock();
        FeatureLayer layer = (parameters, input) -> {
            var out = block.forward(parameters, input, false);
            if (output >= out.size()) {
                throw new IllegalArgumentException(file + ": the model returned " + out.size()
                        + " outputs; --model-output " + output + " does not exist");
            }
            return out.get(output);
        };
        return new DjlImagePredictor(layer, model.getNDManager(), layout, model);
    }

    /** The logits of a model trained with {@link ImageClassifier} (channels-first input). Not owned. */
    public static DjlImagePredictor of(ImageClassifier classifier) {
        FeatureLayer layer = FeatureLayer.prefix(classifier.block(), classifier.block().getChildren().size() - 1);
        return new DjlImagePredictor(layer, classifier.trainer().getManager(), Layout.CHW, null);
    }

    @Override
    public int[] predict(float[] values, int n, int height, int width, int channels) {
        if (n == 0) {
            return new int[0];
        }
        float[] x = layout == Layout.CHW && channels > 1 ? toChannelsFirst(values, n, height, width, channels)
                : values;
        long[] shape = switch (layout) {
            case CHW -> new long[] {channels, height, width};
            case HWC -> new long[] {height, width, channels};
            case FLAT -> new long[] {(long) height * width * channels};
        };
        return Classifier.highestScores(logits, manager, new LabelledTensors(x, shape, new int[n]), 256);
    }

    private static float[] toChannelsFirst(float[] v, int n, int h, int w, int c) {
        float[] out = new float[v.length];
        int size = h * w * c;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                for (int k = 0; k < c; k++) {
                    out[i * size + k * h * w + p] = v[i * size + p * c + k];
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
