package org.poisonscan.triggers.bench;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;

/**
 * A small bag-of-words classifier: a dense hidden layer with ReLU and a dense output layer. Sub-block {@link #HIDDEN}
 * (the ReLU) holds the activations that are scanned.
 */
public final class TextMlp {
    /** Index of the hidden layer's ReLU. */
    public static final int HIDDEN = 1;

    private TextMlp() {
    }

    /** The network for {@code classes} classes with {@code hidden} hidden units. */
    public static SequentialBlock build(int hidden, int classes) {
        if (hidden < 1 || classes < 2) {
            throw new IllegalArgumentException("need hidden >= 1 and classes >= 2, got " + hidden + ", " + classes);
        }
        return new SequentialBlock()
                .add(Linear.builder().setUnits(hidden).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(classes).build());
    }
}
