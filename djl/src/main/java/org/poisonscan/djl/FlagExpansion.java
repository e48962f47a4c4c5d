package org.poisonscan.djl;

import java.util.function.Consumer;

/**
 * A step that adds rows to a scan's flags from the inputs and the model trained on them, for the
 * {@link FashionMnistBackdoor} benchmark's {@code <set> + <name>} row. The triggers module's trigger carriers are one
 * (they live there because that module depends on this one).
 */
public interface FlagExpansion {
    /** Short name for the result row, e.g. {@code trigger carriers}. */
    String name();

    /**
     * The flags with rows added, never removed; {@code flags} is left unchanged.
     *
     * @param data the training inputs and labels, row-aligned with {@code flags}
     * @param flags the scan's flags
     * @param model the model trained on {@code data}
     * @param log receives one line per decision
     */
    boolean[] expand(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log);
}
