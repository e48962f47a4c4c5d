package org.poisonscan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.poisonscan.io.parquet.ParquetSplitter;
import org.poisonscan.io.parquet.ScoreFlags;
import org.poisonscan.io.parquet.ScoreFlagsReader;
import org.poisonscan.io.parquet.SplitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code poisonscan split --report DIR --input raw.parquet [--id id] --clean clean.parquet --quarantine
 * quarantine.parquet}: writes every input row to exactly one of two Parquet files by a scan's flags.
 */
@Command(name = "split", mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:every row written to one of the outputs", "1:internal error (one line on stderr)",
            "2:bad usage or bad input (no output left behind)"},
        description = {"Splits a Parquet data set into clean and quarantined rows by a scan's flags, keeping every"
                + " column and its type (nested columns included).",
            "The flags come from DIR/scores.parquet (or DIR/scores.csv). With --id, input rows are matched to scanned"
                + " rows by that id column (the scan must have been run with --id; the input may be another file,"
                + " in any order, or a subset); without it, by row index (the input must be the scanned file or have"
                + " the same rows in the same order).",
            "An input id that is null, missing from the scores or repeated is an error (exit 2) naming the file, row"
                + " group and row; nothing is written then."})
final class SplitCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--report", required = true, paramLabel = "DIR", description = "A scan's --out directory")
    Path report;

    @Option(names = "--input", required = true, paramLabel = "FILE.parquet", description = "The data set to split: a"
            + " .parquet file, or a directory of .parquet part files (read in name order, as scan reads it; the outputs"
            + " are one file each)")
    Path input;

    @Option(names = "--id", paramLabel = "NAME", description = "Id column of the input to join the scores on")
    String id;

    @Option(names = "--clean", required = true, paramLabel = "FILE.parquet", description = "Output for clean rows")
    Path clean;

    @Option(names = "--quarantine", required = true, paramLabel = "FILE.parquet",
            description = "Output for flagged rows")
    Path quarantine;

    @Override
    public Integer call() throws IOException {
        OptionValues.requireValue("--report", report);
        OptionValues.requireValue("--input", input);
        OptionValues.requireNotBlank("--id", id);
        OptionValues.requireValue("--clean", clean);
        OptionValues.requireValue("--quarantine", quarantine);
        Path scores = ScoreFlags.find(report);
        refuseScanFiles(clean, "--clean");
        refuseScanFiles(quarantine, "--quarantine");
        ScoreFlags flags = ScoreFlagsReader.read(scores);
        createParent(clean);
        createParent(quarantine);
        SplitResult r = ParquetSplitter.split(input, flags, id, clean, quarantine);
        spec.commandLine().getOut().printf(Locale.ROOT, "Split %,d rows of %s by %s (joined on %s): %,d clean -> %s,"
                + " %,d quarantined -> %s%n", r.rows(), input, scores, id == null ? "row index" : "id column '" + id
                + "'", r.cleanRows(), clean, r.quarantinedRows(), quarantine);
        spec.commandLine().getOut().flush();
        return PoisonScanCommand.OK;
    }

    /** Creates an output's missing folders, as {@code generate} and {@code scan --out} do. */
    private static void createParent(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            java.nio.file.Files.createDirectories(parent);
        }
    }

    /** An output may not replace one of the scan's own files: the next split or triggers run needs them. */
    private void refuseScanFiles(Path output, String option) {
        Path target = output.toAbsolutePath().normalize();
        for (String name : new String[] {"scores.parquet", "scores.csv", "report.json"}) {
            if (target.equals(report.resolve(name).toAbsolutePath().normalize())) {
                throw new IllegalArgumentException(option + " " + output + " is the scan's own " + name
                        + "; write the split somewhere else");
            }
        }
    }
}
