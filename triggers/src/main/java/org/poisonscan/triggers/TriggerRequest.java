package org.poisonscan.triggers;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.poisonscan.triggers.verify.DjlImagePredictor;

/**
 * What {@code poisonscan triggers} was asked to do.
 *
 * @param reportDir the output directory of a previous scan (scores.csv, report.json); hypotheses are added there
 * @param inputs the raw inputs, row-aligned with the scan: images (.npz, .npy, IDX) or a table (.csv, .jsonl,
 *     .parquet)
 * @param imagesArray the image array's name inside an .npz
 * @param textColumn the text column of a table input, or null for images or a tabular analysis
 * @param columns the feature columns of a tabular analysis (empty: every column but {@code exclude})
 * @param exclude columns left out of a tabular analysis (ids, ground truth)
 * @param activations the scanned activations for the source-class analysis, or null
 * @param activationFeatures the features array/column name in {@code activations}, or null for the default
 * @param activationLabels the labels array/column name in {@code activations}, or null for the default
 * @param model a TorchScript model for verification, or null
 * @param modelOutput which output of the model holds the logits
 * @param layout how the model expects one image
 * @param target a class to analyse whatever the scan said, or null
 * @param settings statistics and verification settings
 */
public record TriggerRequest(Path reportDir, Path inputs, String imagesArray, String textColumn, List<String> columns,
        List<String> exclude, Path activations, String activationFeatures, String activationLabels, Path model,
        int modelOutput, DjlImagePredictor.Layout layout, Integer target, TriggerSettings settings) {
    public TriggerRequest {
        Objects.requireNonNull(reportDir, "reportDir");
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(settings, "settings");
        imagesArray = imagesArray == null ? org.poisonscan.triggers.image.ImageInputs.DEFAULT_ARRAY : imagesArray;
        columns = List.copyOf(columns);
        exclude = List.copyOf(exclude);
        layout = layout == null ? DjlImagePredictor.Layout.CHW : layout;
        if (modelOutput < 0) {
            throw new IllegalArgumentException("--model-output must be >= 0, got " + modelOutput);
        }
    }

    /** A request with defaults for everything but the scan directory and inputs. */
    public static TriggerRequest of(Path reportDir, Path inputs) {
        return new TriggerRequest(reportDir, inputs, null, null, List.of(), List.of(), null, null, null, null, 0,
                null, null, TriggerSettings.defaults());
    }

    /** What kind of input this request analyses. */
    public InputKind kind() {
        if (textColumn != null) {
            return InputKind.TEXT;
        }
        return org.poisonscan.triggers.image.ImageInputs.isImageFile(inputs) ? InputKind.IMAGE : InputKind.TABULAR;
    }

    /** The kinds of input. */
    public enum InputKind {
        /** Image arrays. */
        IMAGE,
        /** A text column. */
        TEXT,
        /** Numeric and categorical columns. */
        TABULAR
    }
}
