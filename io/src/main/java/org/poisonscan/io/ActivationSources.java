package org.poisonscan.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.csv.CsvOptions;
import org.poisonscan.io.csv.CsvSource;
import org.poisonscan.io.numpy.NpySource;
import org.poisonscan.io.numpy.NpzSource;
import org.poisonscan.io.parquet.ParquetOptions;
import org.poisonscan.io.parquet.ParquetParts;
import org.poisonscan.io.parquet.ParquetSource;

/**
 * Opens an input file with the reader its extension names: {@code .npz}, {@code .npy}, {@code .csv} or
 * {@code .parquet}; a directory is read as a Parquet data set of part files ({@link
 * org.poisonscan.io.parquet.ParquetParts}).
 */
public final class ActivationSources {
    /** Default features array of an .npz. */
    public static final String DEFAULT_FEATURES = "X";
    /** Default labels array of an .npz. */
    public static final String DEFAULT_LABELS = "y";

    private ActivationSources() {
    }

    /**
     * Opens {@code input}, checking its structure (shapes, types, columns; for CSV every row). Values are checked
     * again as each batch is read.
     *
     * @throws InvalidInputException when the file is missing, of an unknown type, or cannot be scanned; the message
     *     names the file and the reason
     */
    public static ActivationSource open(Path input, InputOptions options) throws IOException {
        String name = input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return NpzSource.open(input, or(options.featuresName(), DEFAULT_FEATURES),
                    or(options.labelsName(), DEFAULT_LABELS), options.groundTruthName());
        }
        if (name.endsWith(".npy")) {
            Path labels = options.labelsPath() != null ? options.labelsPath() : defaultLabels(input);
            if (options.labelsPath() == null && !Files.exists(labels) && Files.isRegularFile(input)) {
                // A file that is no NPY array at all (an .npz or a CSV renamed) says so before any labels question.
                NpySource.requireNpy(input);
                throw new InvalidInputException(input + ": no labels file: neither "
                        + companion(input, "_labels.npy").getFileName() + " nor labels.npy beside it; name one with"
                        + " --labels FILE.npy (an .npy holds one array, so the class labels come from a second file)");
            }
            Path truth = options.groundTruthPath() != null ? options.groundTruthPath() : defaultGroundTruth(input);
            return NpySource.open(input, labels, truth);
        }
        if (name.endsWith(".csv")) {
            // A comma-separated name selects those columns; a single name is a prefix (f selects f0, f1, ...).
            String features = options.featuresName();
            boolean list = features != null && features.contains(",");
            return CsvSource.open(input, new CsvOptions(options.labelsName(), options.groundTruthName(),
                    list ? java.util.Arrays.stream(features.split(",", -1)).map(String::strip).toList() : null,
                    list ? null : features, options.idName()));
        }
        if (name.endsWith(".parquet") || Files.isDirectory(input)) {
            ParquetParts parts = ParquetParts.of(input);
            ParquetOptions named = new ParquetOptions(options.featuresName(), options.labelsName(), options.idName(),
                    options.groundTruthName());
            String poison = ParquetOptions.DEFAULT_GROUND_TRUTH;
            // The default ground truth applies only when no role already takes the 'poison' column.
            if (named.groundTruthColumn() == null && parts.schema().containsField(poison)
                    && !poison.equals(named.labelColumn()) && !poison.equals(named.activationColumn())) {
                named = named.withGroundTruthColumn(poison);
            }
            return ParquetSource.open(parts, named);
        }
        throw new InvalidInputException(input
                + ": unsupported input type; expected a .npz, .npy, .csv or .parquet file, or a directory of .parquet"
                + " part files");
    }

    /**
     * The labels file of an .npy features file: {@code <stem>_labels.npy} beside it when that exists, otherwise
     * {@code labels.npy} in the same directory.
     */
    public static Path defaultLabels(Path features) {
        Path own = companion(features, "_labels.npy");
        return Files.exists(own) ? own : sibling(features, "labels.npy");
    }

    /**
     * The ground-truth file of an .npy features file: {@code <stem>_poison.npy} or else {@code poison.npy} beside it,
     * whichever exists first, or {@code null}.
     */
    public static Path defaultGroundTruth(Path features) {
        Path own = companion(features, "_poison.npy");
        if (Files.exists(own)) {
            return own;
        }
        Path shared = sibling(features, "poison.npy");
        return Files.exists(shared) && !shared.equals(features) ? shared : null;
    }

    private static Path companion(Path features, String suffix) {
        String file = features.getFileName().toString();
        String stem = file.substring(0, file.length() - ".npy".length());
        return sibling(features, stem + suffix);
    }

    private static Path sibling(Path file, String name) {
        return file.resolveSibling(name);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
