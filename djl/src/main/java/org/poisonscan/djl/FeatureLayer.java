package org.poisonscan.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a model that maps an input batch to the activations to scan, in inference mode. Two kinds:
 * <ul>
 *   <li>{@link #prefix(SequentialBlock, int)} / {@link #prefix(SequentialBlock, String)}: a DJL
 *       {@link SequentialBlock}'s leading sub-blocks, up to and including the chosen one;</li>
 *   <li>{@link #output(Block, int)}: one output of a block that returns several, for example a TorchScript model
 *       whose forward returns {@code (logits, features)}.</li>
 * </ul>
 * The extractor flattens what comes back to one row per sample.
 */
@FunctionalInterface
public interface FeatureLayer {

    /**
     * Runs the layer on a batch.
     *
     * @param parameters the model's parameter store
     * @param input the batch, batch axis first
     * @return the activations, batch axis first
     */
    NDArray forward(ParameterStore parameters, NDList input);

    /** Sub-blocks {@code 0..lastIndex} of {@code block}, run in order (0-based, inclusive). */
    static FeatureLayer prefix(SequentialBlock block, int lastIndex) {
        List<Block> children = block.getChildren().values();
        if (lastIndex < 0 || lastIndex >= children.size()) {
            throw new IllegalArgumentException("layer index " + lastIndex + " outside 0.." + (children.size() - 1)
                    + "; layers: " + names(block));
        }
        List<Block> run = new ArrayList<>();
        for (int i = 0; i <= lastIndex; i++) {
            run.add(children.get(i));
        }
        return (parameters, input) -> {
            NDList x = input;
            for (Block b : run) {
                x = b.forward(parameters, x, false);
            }
            return x.singletonOrThrow();
        };
    }

    /**
     * Sub-blocks up to and including the one named {@code name}. DJL names a {@link SequentialBlock}'s children by
     * position and class, {@code "01Conv2d"}, {@code "02LambdaBlock"}, ...; {@link #names} lists them.
     */
    static FeatureLayer prefix(SequentialBlock block, String name) {
        List<String> names = names(block);
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no layer named '" + name + "'; layers: " + names);
        }
        return prefix(block, i);
    }

    /** Output {@code index} of {@code block}'s forward (for a TorchScript model returning a tuple). */
    static FeatureLayer output(Block block, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("output index must be >= 0, got " + index);
        }
        return (parameters, input) -> {
            NDList out = block.forward(parameters, input, false);
            if (index >= out.size()) {
                throw new IllegalArgumentException("the model returned " + out.size() + " outputs; asked for output "
                        + index);
            }
            return out.get(index);
        };
    }

    /** The names of a sequential block's children, in order. */
    static List<String> names(SequentialBlock block) {
        return block.getChildren().keys();
    }
}
