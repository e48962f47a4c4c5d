package org.poisonscan.io.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.Float32Narrowing;
import org.poisonscan.api.data.InvalidInputException;
import org.poisonscan.io.parquet.StringLabels;

/**
 * Activations from a CSV file with a header row: one row per input, a label column (default {@code label}) of integer
 * class ids or of class names (when every label is text: the sorted distinct names are classes 0..k-1),
 * an optional 0/1 ground-truth column, and numeric feature columns (all other columns, or those selected by
 * {@link CsvOptions}).
 *
 * <p>Opening the source reads the file once to count and check every row, so a malformed file fails at once; each
 * pass then streams the file again, holding only one batch. Line numbers in messages are 1-based and count the
 * header (the line on which a multi-line quoted record ends).
 */
public final class CsvSource implements ActivationSource {
    private final Path file;
    private final String where;
    private final CsvLayout layout;
    private final long rows;
    private final StringLabels classNames;

    private CsvSource(Path file, CsvLayout layout, long rows, StringLabels classNames) {
        this.file = file;
        this.where = file.toString();
        this.layout = layout;
        this.rows = rows;
        this.classNames = classNames;
    }

    /**
     * Resolves the columns and checks every row.
     *
     * @throws InvalidInputException when the file is missing, a named column is absent, or a row is malformed
     */
    public static CsvSource open(Path file, CsvOptions options) throws IOException {
        String where = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(where + ": file not found (or not a regular file)");
        }
        try (CsvRecords records = CsvRecords.open(file, where)) {
            CsvLayout layout = CsvLayout.resolve(records.header(), options, where);
            CsvRowDecoder decoder = new CsvRowDecoder(layout, where, null);
            CsvLabelKinds kinds = new CsvLabelKinds(where, layout.header().get(layout.label()));
            float[] scratch = new float[layout.dimension()];
            Float32Narrowing narrowing = new Float32Narrowing(layout.dimension());
            long rows = 0;
            for (CSVRecord r = records.next(); r != null; r = records.next()) {
                String label = decoder.decodeFeatures(r, records.line(), scratch, 0, narrowing);
                if (kinds.accept(label, records.line())) {
                    decoder.label(label, records.line());
                }
                if (layout.groundTruth() >= 0) {
                    decoder.mark(r, records.line());
                }
                rows++;
            }
            narrowing.check(where, j -> "column '" + layout.header().get(layout.features()[j]) + "'");
            return new CsvSource(file, layout, rows, kinds.names());
        }
    }

    /** The class names in class-id order when the labels are names (sorted), or empty for integer labels. */
    public List<String> classNames() {
        return classNames == null ? List.of() : classNames.names();
    }

    @Override
    public Optional<String> className(int label) {
        return classNames == null ? Optional.empty() : classNames.name(label);
    }

    /** Names of the feature columns, in feature order. */
    public List<String> featureColumns() {
        List<String> names = new ArrayList<>();
        for (int i : layout.features()) {
            names.add(layout.header().get(i));
        }
        return names;
    }

    @Override
    public int dimension() {
        return layout.dimension();
    }

    @Override
    public long rowCount() {
        return rows;
    }

    @Override
    public boolean hasGroundTruth() {
        return layout.groundTruth() >= 0;
    }

    /** Every value was checked as it was read (the constructor or the decoder refuses what a scan cannot take). */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public String description() {
        return where;
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        if (maxBatchRows < 1) {
            throw new IllegalArgumentException("maxBatchRows must be >= 1, got " + maxBatchRows);
        }
        CsvRecords records = CsvRecords.open(file, where);
        try {
            return new CsvBatchReader(records, new CsvRowDecoder(layout, where, classNames), layout, rows,
                    maxBatchRows, where);
        } catch (RuntimeException e) {
            records.close();
            throw e;
        }
    }
}
