package org.poisonscan.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.poisonscan.io.InputOptions;

/** Turns the scan flags into reader options: for {@code .npy} input, {@code --labels}/{@code --ground-truth} are files. */
final class InputFlags {
    private InputFlags() {
    }

    static InputOptions of(Path input, String features, String labels, String groundTruth) {
        boolean npy = input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
        if (npy) {
            return InputOptions.defaults().withPaths(labels == null ? null : Path.of(labels),
                    groundTruth == null ? null : Path.of(groundTruth));
        }
        return InputOptions.defaults().withNames(features, labels, groundTruth);
    }
}
