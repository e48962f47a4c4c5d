package org.poisonscan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.api.scan.ScanProgress;

/**
 * The files {@code scan} writes into its {@code --out} folder, and the checks made before a scan starts: the folder is
 * writable, holds none of the inputs, and no earlier scan's outputs are left in it to be mistaken for this one's.
 */
final class ScanOutputs {
    /** Every output of a scan, by name in the {@code --out} folder. */
    static final List<String> NAMES = List.of("report.json", "scores.csv", "scores.parquet");

    private ScanOutputs() {
    }

    /** The outputs' paths in {@code dir}. */
    static List<Path> in(Path dir) {
        return NAMES.stream().map(dir::resolve).toList();
    }

    /**
     * Refuses an output folder that is an input directory or inside one (the outputs would join its data set), and
     * one where an output would replace an input file (a CSV named {@code scores.csv}).
     *
     * @param inputs the input file or directory and any other file read (a labels file); nulls are skipped
     */
    static void requireApart(Path dir, Path... inputs) throws IOException {
        Path target = real(dir);
        for (Path input : inputs) {
            if (input == null || !Files.exists(input)) {
                continue;
            }
            Path source = input.toRealPath();
            if (Files.isDirectory(source) && target.startsWith(source)) {
                throw new InvalidInputException("--out " + dir + " is " + (target.equals(source) ? "" : "inside ")
                        + "the input directory " + input + ": the scan's outputs would become part of its data set;"
                        + " choose another folder");
            }
            for (Path output : in(target)) {
                if (output.equals(source)) {
                    throw new InvalidInputException("--out " + dir + " would overwrite the input " + input + " (the scan"
                            + " writes " + output.getFileName() + " there); choose another folder");
                }
            }
        }
    }

    /** The real path of {@code dir}, or of its nearest existing ancestor with the rest appended. */
    private static Path real(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute));
    }

    /** Checks, before any work, that files can be created in {@code dir} (an existing read-only folder, say). */
    static void requireWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".poisonscan-", ".probe");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException("--out " + dir + ": cannot write files there (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /**
     * Deletes an earlier scan's outputs from {@code dir} before this scan starts, so that a scan that fails or is
     * stopped leaves no report of another input behind (a CI job that archives the folder would ship it).
     */
    static void removeEarlier(Path dir, ScanProgress progress) throws IOException {
        List<String> removed = new ArrayList<>();
        for (Path output : in(dir)) {
            if (Files.deleteIfExists(output)) {
                removed.add(output.getFileName().toString());
            }
        }
        if (!removed.isEmpty()) {
            progress.step("removed an earlier scan's " + String.join(", ", removed) + " from " + dir);
        }
    }
}
