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
 * signatures read (Tran et al. 2018). {@link Size} widens it: a model with more filters and hidden units learns a faint
 * trigger (Blend at alpha 0.1) in fewer epochs.
 */
public final class SmallCnn {
    /** Index of the penultimate layer's activation (the ReLU after the hidden dense layer). */
    public static final int PENULTIMATE = 8;

    private SmallCnn() {
    }

    /**
     * The network's widths.
     *
     * @param filters1 filters of the first convolution
     * @param filters2 filters of the second convolution
     * @param hidden units of the penultimate dense layer
     */
    public record Size(int filters1, int filters2, int hidden) {
        /** The default widths: 16 and 32 filters, 64 hidden units. */
        public static final Size DEFAULT = new Size(16, 32, 64);

        public Size {
            if (filters1 < 1 || filters2 < 1 || hidden < 1) {
                throw new IllegalArgumentException("filters and hidden units must be >= 1, got " + filters1 + ", "
                        + filters2 + ", " + hidden);
            }
        }

        /** The network with these widths and {@code classes} outputs. */
        public SequentialBlock build(int classes) {
            if (classes < 2) {
                throw new IllegalArgumentException("need classes >= 2, got " + classes);
            }
            return new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters1()).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters2()).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(hidden()).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(classes).build());
        }

        @Override
        public String toString() {
            return "filters " + filters1 + "/" + filters2 + ", hidden " + hidden;
        }
    }

    /**
     * @param hidden units of the penultimate dense layer
     * @param classes output classes
     */
    public static SequentialBlock build(int hidden, int classes) {
        return new Size(Size.DEFAULT.filters1(), Size.DEFAULT.filters2(), hidden).build(classes);
    }
}
