package org.poisonscan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.poisonscan.io.numpy.NpyWriter;
import org.poisonscan.io.numpy.NpzWriter;
import org.poisonscan.io.parquet.ParquetActivationsWriter;
import org.poisonscan.io.parquet.ParquetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poisonscan generate --out FILE.npz|FILE.parquet}: writes a synthetic poisoned set (arrays X, y, poison; or
 * Parquet columns id, label, activation, poison).
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic poisoned activation set as .npz (X float32 n x d, y int32, poison bool), as"
                + " FILE.npy with FILE_labels.npy and FILE_poison.npy beside it, or as .parquet (id int64, label"
                + " int32, activation list<float>, poison boolean); rows are streamed to disk, so sets far larger"
                + " than memory can be written.",
            "Each class is a Gaussian cluster with a rank-20 covariance (top eigenvalue 10 sigma^2); a fraction of the"
                + " target class is shifted by delta sigma along a random direction."})
final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .npz, .npy or .parquet file")
    Path out;

    @Option(names = "--n", defaultValue = "50000", description = "Rows (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--d", defaultValue = "512", description = "Dimension (default ${DEFAULT-VALUE})")
    int dim;

    @Option(names = "--classes", defaultValue = "10", description = "Classes (default ${DEFAULT-VALUE})")
    int classes;

    @Option(names = "--poison-rate", defaultValue = "0.05",
            description = "Fraction of the target class poisoned (default ${DEFAULT-VALUE}; 0 for a clean set)")
    double poisonRate;

    @Option(names = "--delta", defaultValue = "16", description = "Shift of a poison in noise sigmas (default ${DEFAULT-VALUE})")
    double delta;

    @Option(names = "--target-class", split = ",", defaultValue = "0",
            description = "Poisoned class(es), comma-separated (default ${DEFAULT-VALUE})")
    List<Integer> targets;

    @Option(names = "--directions", defaultValue = "1", description = "Trigger directions per target class (default ${DEFAULT-VALUE})")
    int directions;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--relu", description = "Floor every value at 0 after the poison's shift, as a ReLU layer's output"
            + " (about half the values become 0)")
    boolean relu;

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".npz") && !name.endsWith(".npy") && !name.endsWith(".parquet")) {
            throw new IllegalArgumentException("--out must name a .npz, .npy or .parquet file, got " + out);
        }
        SyntheticConfig config;
        try {
            config = new SyntheticConfig(rows, dim, classes, Math.min(20, dim), 3.0, 1.0, poisonRate, delta,
                    poisonRate > 0 ? targets : List.of(), directions, seed, relu);
        } catch (IllegalArgumentException e) {
            // The generator names its parameters; the user typed options.
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^rows ", "--n ")
                    .replaceFirst("^dim ", "--d ").replaceFirst("^classes ", "--classes ")
                    .replaceFirst("^poisonRate ", "--poison-rate ").replaceFirst("^directions ", "--directions ")
                    .replaceFirst("^delta, topSingular and meanScale must be finite", "--delta must be finite"), e);
        }
        requireSpace(out, 4.0 * rows * dim);
        write(config, out);
        spec.commandLine().getOut().printf(Locale.ROOT, "Wrote %s: %,d rows x %d dims, %d classes, poison rate %.4f of"
                + " class(es) %s, delta %.1f, seed %d%s%n", out, rows, dim, classes, poisonRate, config.targetClasses(),
                delta, seed, relu ? ", floored at 0 (ReLU)" : "");
        return PoisonScanCommand.OK;
    }

    /** Refuses up front a set whose float32 features alone would not fit on the output's disk. */
    private static void requireSpace(Path file, double bytes) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        while (folder != null && !java.nio.file.Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder == null) {
            return;
        }
        long usable = java.nio.file.Files.getFileStore(folder).getUsableSpace();
        if (bytes > usable) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--out %s: %.1f GB of features, more than"
                    + " the %.1f GB free there; lower --n or --d", file, bytes / 1e9, usable / 1e9));
        }
    }

    static void write(SyntheticConfig config, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            ParquetActivationsWriter.write(new SyntheticGenerator(config).source(), file,
                    new ParquetOptions(null, null, "id", "poison"), CompressionCodecName.SNAPPY);
        } else if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            // The .npy reader's conventions: <stem>_labels.npy and <stem>_poison.npy beside the features.
            String stem = file.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
            NpyWriter.write(new SyntheticGenerator(config).source(), file, file.resolveSibling(stem + "_labels.npy"),
                    file.resolveSibling(stem + "_poison.npy"));
        } else {
            NpzWriter.write(new SyntheticGenerator(config).source(), file);
        }
    }
}
