package org.poisonscan.triggers;

import java.io.IOException;
import java.nio.file.Path;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.ActivationSources;
import org.poisonscan.io.InputOptions;

/**
 * The scanned activations held in memory, row-aligned with the scan, for the source-class analysis.
 *
 * @param values row-major, {@code rows x dim} (copied)
 * @param dim values per row
 * @param where the file, for messages
 * @param labels each row's label as the file gives it (copied), or null when not known
 */
public record Activations(float[] values, int dim, String where, int[] labels) {
    public Activations {
        values = values.clone();
        labels = labels == null ? null : labels.clone();
    }

    /** Activations without labels. */
    public Activations(float[] values, int dim, String where) {
        this(values, dim, where, null);
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** Rows held. */
    public int rows() {
        return values.length / dim;
    }

    /**
     * Reads every row of an activation file in any format {@code poisonscan scan} reads ({@link ActivationSources}).
     *
     * @throws InvalidInputException when the file cannot be read or is too large to hold in memory
     */
    public static Activations read(Path file, InputOptions options) throws IOException {
        ActivationSource source = ActivationSources.open(file, options);
        long cells = source.rowCount() * source.dimension();
        if (cells > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(file + ": " + source.rowCount() + " x " + source.dimension()
                    + " activations do not fit in memory for the source-class analysis");
        }
        int dim = source.dimension();
        float[] all = new float[(int) cells];
        int[] labels = new int[(int) source.rowCount()];
        try (BatchReader reader = source.open(8192)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                float[] features = b.features();
                long[] index = b.rowIndex();
                int[] batchLabels = b.labels();
                for (int r = 0; r < b.rows(); r++) {
                    System.arraycopy(features, r * dim, all, (int) (index[r] * dim), dim);
                    labels[(int) index[r]] = batchLabels[r];
                }
            }
        }
        return new Activations(all, dim, file.toString(), labels);
    }
}
