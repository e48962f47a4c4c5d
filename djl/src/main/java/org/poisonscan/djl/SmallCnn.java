package org.poisonscan.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/**
 * A small image classifier: two 3x3 convolutions (16 and 32 filters, ReLU, 2x2 max pooling each), a dense
 * penultimate layer with ReLU, and a dense output layer. On 28 x 28 inputs it has about 110k parameters with 64 hidden
 * units. Sub-block {@link #PENULTIMATE} is the ReLU after the penultimate dense layer: the activations spectral
 * signatures read (Tran et al. 2018).
 */
public final class SmallCnn {
    /** Index of the penultimate layer's activation (the ReLU after the hidden dense layer). */
    public static final int PENULTIMATE = 8;

    private SmallCnn() {
    }

    /**
     * @param hidden units of the penultimate dense layer
     * @param classes output classes
     */
    public static SequentialBlock build(int hidden, int classes) {
        if (hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("need hidden >= 1 and classes >= 2, got " + hidden + ", " + classes);
        }
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(16).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(32).build())
                .add(Activation.reluBlock())
                .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
