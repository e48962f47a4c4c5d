package org.poisonscan.io.numpy;

import java.io.IOException;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * An activation source over three located NPY arrays: a 2-D float features array, a 1-D integer labels array and an
 * optional 1-D ground-truth array. Shapes and types are checked when the source is built; values are checked as each
 * batch is read. Holds only headers, so any number of passes (even concurrent ones) can be opened.
 */
abstract class NumpyArraysSource implements ActivationSource {
    private final NpyArray features;
    private final NpyArray labels;
    private final NpyArray groundTruth;
    private final long rows;
    private final int dim;
    private final String description;

    NumpyArraysSource(NpyArray features, NpyArray labels, NpyArray groundTruth, String description) {
        checkFeatures(features);
        this.rows = features.header().dim(0);
        this.dim = (int) features.header().dim(1);
        checkColumn(labels, "label", rows, features.where());
        if (!labels.dtype().isInteger()) {
            throw new InvalidInputException(labels.where() + ": labels must be integers (int8-int64, uint8-uint64), "
                    + "got " + labels.dtype().displayName());
        }
        if (groundTruth != null) {
            checkColumn(groundTruth, "ground-truth", rows, features.where());
            if (!groundTruth.dtype().isInteger() && !groundTruth.dtype().isBool()) {
                throw new InvalidInputException(groundTruth.where() + ": ground truth must be bool or integer 0/1, got "
                        + groundTruth.dtype().displayName());
            }
        }
        this.features = features;
        this.labels = labels;
        this.groundTruth = groundTruth;
        this.description = description;
    }

    private static void checkFeatures(NpyArray features) {
        NpyHeader h = features.header();
        if (h.ndim() != 2) {
            throw new InvalidInputException(features.where() + ": features must be a 2-D array (rows, dimension), got "
                    + h.ndim() + "-D shape " + h.shapeText());
        }
        if (h.dim(1) < 1 || h.dim(1) > NumpyBatchReader.MAX_BATCH_VALUES) {
            throw new InvalidInputException(features.where() + ": activation dimension " + h.dim(1)
                    + " is out of range (1 to " + NumpyBatchReader.MAX_BATCH_VALUES + ")");
        }
        if (!features.rowMajor() && !features.randomAccess()) {
            throw new InvalidInputException(features.where() + ": a Fortran-order (column-major) array cannot be "
                    + "streamed from a compressed entry; save it in C order (np.ascontiguousarray) or uncompressed");
        }
    }

    private static void checkColumn(NpyArray column, String role, long rows, String featuresWhere) {
        NpyHeader h = column.header();
        if (h.ndim() != 1) {
            throw new InvalidInputException(column.where() + ": " + role + " array must be 1-D, got " + h.ndim()
                    + "-D shape " + h.shapeText());
        }
        if (h.dim(0) != rows) {
            throw new InvalidInputException(column.where() + ": " + h.dim(0) + " " + role + " values for " + rows
                    + " rows of features in " + featuresWhere + "; lengths must match");
        }
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean hasGroundTruth() {
        return groundTruth != null;
    }

    /** Every value was checked as it was read (the constructor or the decoder refuses what a scan cannot take). */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + maxBatchRows);
        }
        return new NumpyBatchReader(features, labels, groundTruth, rows, dim, maxBatchRows);
    }
}
