package org.poisonscan.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.poisonscan.io.InputOptions;
import org.poisonscan.io.parquet.ParquetParts;

/**
 * Turns the scan flags into reader options: for {@code .npy} input, {@code --labels}/{@code --ground-truth} are files;
 * {@code --id} applies to Parquet input (a {@code .parquet} file or a directory of part files) and CSV input
 * (where it only keeps the column out of the features).
 */
final class InputFlags {
    private InputFlags() {
    }

    static InputOptions of(Path input, String features, String labels, String groundTruth) {
        return of(input, features, labels, groundTruth, null);
    }

    static InputOptions of(Path input, String features, String labels, String groundTruth, String id) {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (id != null && !ParquetParts.isParquet(input) && !name.endsWith(".csv")) {
            throw new IllegalArgumentException("--id names a column of a .parquet or .csv input; " + input
                    + " is neither");
        }
        boolean npy = name.endsWith(".npy");
        if (npy) {
            return InputOptions.defaults().withPaths(labels == null ? null : Path.of(labels),
                    groundTruth == null ? null : Path.of(groundTruth));
        }
        return InputOptions.defaults().withNames(features, labels, groundTruth).withId(id);
    }
}
