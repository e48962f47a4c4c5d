package org.poisonscan.io.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.scan.RowSink;

/**
 * Writes {@code scores.csv} as the scan's last pass streams through the rows: header
 * {@code row,label,flagged,score_<detector>...}, one line per input row in input order; {@code row} is the 0-based
 * row index in the input, {@code flagged} 0 or 1, a score is empty where the detector did not score the row (its
 * class was not scanned). The file is written under a temporary name and renamed when the scan completes, so a failed
 * scan never leaves a partial file; call {@link #abort()} on failure to remove the temporary file.
 */
public final class ScoresCsvWriter implements RowSink, AutoCloseable {
    private final Path target;
    private final Path temporary;
    private BufferedWriter out;
    private int detectors;

    public ScoresCsvWriter(Path target) {
        this.target = target;
        this.temporary = org.poisonscan.io.PartialOutputs.partialOf(target);
    }

    @Override
    public void begin(List<String> detectorNames) throws IOException {
        out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
        detectors = detectorNames.size();
        out.write("row,label,flagged");
        for (String d : detectorNames) {
            out.write(",score_");
            out.write(d);
        }
        out.write('\n');
    }

    @Override
    public void accept(Batch batch, double[][] scores, boolean[] flags) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int r = 0; r < batch.rows(); r++) {
            line.setLength(0);
            line.append(batch.rowIndex()[r]).append(',').append(batch.labels()[r]).append(',')
                    .append(flags[r] ? '1' : '0');
            for (int d = 0; d < detectors; d++) {
                line.append(',');
                double s = scores[d][r];
                if (!Double.isNaN(s)) {
                    line.append(s);
                }
            }
            line.append('\n');
            out.append(line);
        }
    }

    @Override
    public void end() throws IOException {
        out.close();
        out = null;
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the temporary file of an unfinished scan. */
    @Override
    public void abort() {
        try {
            if (out != null) {
                out.close();
                out = null;
            }
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // Nothing more can be done about a temporary file that cannot be removed.
        }
    }

    @Override
    public void close() {
        abort();
    }
}
