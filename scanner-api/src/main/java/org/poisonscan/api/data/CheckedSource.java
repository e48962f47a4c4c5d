package org.poisonscan.api.data;

import java.io.IOException;
import java.util.Objects;

/**
 * A source as the scanner reads it, with the contract of {@link ActivationSource} checked as rows go by: rows come in
 * input order (row indices 0, 1, 2, ...), the reader returns exactly {@link #rowCount()} rows, every value is usable
 * ({@link ActivationValues}) and every label non-negative, as the file readers require. A custom source that breaks
 * the contract would otherwise leave a class's scores NaN, or a report counting rows its sinks never saw. Values and
 * labels are checked until one pass has read every row, and not at all for a source that checks them itself
 * ({@link ActivationSource#valuesChecked()}); order and count on every pass.
 */
public final class CheckedSource implements ActivationSource {
    private final ActivationSource source;
    private volatile boolean onePassChecked;

    private CheckedSource(ActivationSource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** {@code source} checked as it is read (a source checked already is returned as it is). */
    public static ActivationSource of(ActivationSource source) {
        return source instanceof CheckedSource ? source : new CheckedSource(source);
    }

    @Override
    public int dimension() {
        return source.dimension();
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public boolean hasGroundTruth() {
        return source.hasGroundTruth();
    }

    @Override
    public String description() {
        return source.description();
    }

    /** Its readers check every value until one pass is complete, and the source is the same on every pass. */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public java.util.Optional<String> className(int label) {
        return source.className(label);
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        BatchReader reader = source.open(maxBatchRows);
        boolean checkValues = !source.valuesChecked() && !onePassChecked;
        return new BatchReader() {
            private long next;

            @Override
            public Batch next() throws IOException {
                Batch b = reader.next();
                if (b == null) {
                    if (next != source.rowCount()) {
                        throw new InvalidInputException(description() + ": the source says it has " + source.rowCount()
                                + " rows but its reader returned " + next);
                    }
                    onePassChecked = true;
                    return null;
                }
                for (int r = 0; r < b.rows(); r++, next++) {
                    if (b.rowIndex()[r] != next) {
                        throw new InvalidInputException(description() + ": the reader returned row index "
                                + b.rowIndex()[r] + " where " + next + " was due (rows must come in input order,"
                                + " numbered from 0)");
                    }
                    if (checkValues) {
                        checkRow(b, r);
                    }
                }
                if (next > source.rowCount()) {
                    throw new InvalidInputException(description() + ": the source says it has " + source.rowCount()
                            + " rows but its reader returned more");
                }
                return b;
            }

            private void checkRow(Batch b, int r) {
                ActivationValues.checkLabel(description(), next, b.labels()[r]);
                float[] f = b.features();
                int off = b.offset(r);
                for (int k = 0; k < b.dim(); k++) {
                    if (!ActivationValues.usable(f[off + k])) {
                        throw new InvalidInputException(description() + ": row " + next + ", column " + k + " "
                                + ActivationValues.problem(f[off + k]));
                    }
                }
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
