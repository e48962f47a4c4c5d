package org.poisonscan.djl;

import java.util.function.Consumer;
import org.poisonscan.api.data.ActivationSource;

/**
 * A step that changes a scan's flags from the inputs and the model trained on them, for the
 * {@link FashionMnistBackdoor} benchmark's {@code <set> + <name>} row: it adds rows, and may release flags its evidence
 * explains away (the variant with activations). The triggers module's trigger carriers are one (they live there
 * because that module depends on this one).
 */
public interface FlagExpansion {
    /** Short name for the result row, e.g. {@code trigger carriers}. */
    String name();

    /**
     * The flags with rows added, and with the flags released that the step's evidence explains away (the persistence
     * check's classes whose flagged rows do not persist); {@code flags} is left unchanged.
     *
     * @param data the training inputs and labels, row-aligned with {@code flags}
     * @param flags the scan's flags
     * @param model the model trained on {@code data}
     * @param log receives one line per decision
     */
    boolean[] expand(LabelledTensors data, boolean[] flags, ImageClassifier model, Consumer<String> log);

    /**
     * As {@link #expand(LabelledTensors, boolean[], ImageClassifier, Consumer)}, with the scanned activations at hand
     * (row-aligned with {@code data}) for a step that rescans them; by default the activations are not used.
     */
    default boolean[] expand(LabelledTensors data, ActivationSource activations, boolean[] flags, ImageClassifier model,
            Consumer<String> log) {
        return expand(data, flags, model, log);
    }

    /**
     * As {@link #expand(LabelledTensors, ActivationSource, boolean[], ImageClassifier, Consumer)} on the scan's flags,
     * with its per-detector scores at hand for a step that would otherwise fit one of its detectors again; by default
     * the scores are not used.
     */
    default boolean[] expand(LabelledTensors data, ActivationSource activations, ActivationScan.Outcome scan,
            ImageClassifier model, Consumer<String> log) {
        return expand(data, activations, scan.flags(), model, log);
    }
}
