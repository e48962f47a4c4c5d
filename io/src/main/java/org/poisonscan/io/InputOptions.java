package org.poisonscan.io;

import java.nio.file.Path;

/**
 * How {@link ActivationSources#open} finds the features, labels and ground truth in an input. Every field may be
 * {@code null} to take the format's default.
 *
 * <ul>
 *   <li>{@code .npz}: array names; defaults {@code X}, {@code y} and, for ground truth, {@code poison} when present.
 *   <li>{@code .csv}: {@code labelsName} is the label column (default {@code label}), {@code groundTruthName} the 0/1
 *       column (default {@code poison} when present), and {@code featuresName}, when given, a prefix that selects
 *       the feature columns (default: every other column).
 *   <li>{@code .npy}: the input is the features file. {@code labelsPath} defaults to {@code <stem>_labels.npy} beside
 *       it, or else {@code labels.npy} in the same directory; {@code groundTruthPath} defaults to
 *       {@code <stem>_poison.npy}, or else {@code poison.npy}, when such a file exists (no ground truth otherwise).
 *       The names are not used.
 *   <li>{@code .parquet}: {@code featuresName} is the activation list column (default {@code activation}),
 *       {@code labelsName} the integer or string label column (default {@code label}), {@code idName} an optional
 *       id column of any primitive type, {@code groundTruthName} an optional boolean or 0/1 column (default
 *       {@code poison} when present).
 * </ul>
 *
 * @param featuresName features array name (.npz) or feature column prefix (.csv), or {@code null}
 * @param labelsName labels array (.npz) or column (.csv) name, or {@code null}
 * @param groundTruthName ground-truth array (.npz) or column (.csv) name, or {@code null}; when given it must exist
 * @param labelsPath labels file for .npy input, or {@code null}
 * @param groundTruthPath ground-truth file for .npy input, or {@code null}; when given it must exist
 * @param idName id column (.parquet), or {@code null}; when given it must exist
 */
public record InputOptions(String featuresName, String labelsName, String groundTruthName, Path labelsPath,
        Path groundTruthPath, String idName) {

    /** Options without an id column (the form before ids existed). */
    public InputOptions(String featuresName, String labelsName, String groundTruthName, Path labelsPath,
            Path groundTruthPath) {
        this(featuresName, labelsName, groundTruthName, labelsPath, groundTruthPath, null);
    }

    /** Every default. */
    public static InputOptions defaults() {
        return new InputOptions(null, null, null, null, null, null);
    }

    /** A copy with other array or column names. */
    public InputOptions withNames(String features, String labels, String groundTruth) {
        return new InputOptions(features, labels, groundTruth, labelsPath, groundTruthPath, idName);
    }

    /** A copy with other .npy companion files. */
    public InputOptions withPaths(Path labels, Path groundTruth) {
        return new InputOptions(featuresName, labelsName, groundTruthName, labels, groundTruth, idName);
    }

    /** A copy with another id column ({@code null} for none). */
    public InputOptions withId(String id) {
        return new InputOptions(featuresName, labelsName, groundTruthName, labelsPath, groundTruthPath, id);
    }
}
