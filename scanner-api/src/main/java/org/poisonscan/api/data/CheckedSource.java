package org.poisonscan.api.data;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A source as the scanner reads it, with the contract of {@link ActivationSource} checked as rows go by: rows come in
 * input order (row indices 0, 1, 2, ...), the reader returns exactly {@link #rowCount()} rows, every batch has the
 * source's {@link #dimension()} (and poison marks when the source has ground truth), every value is usable
 * ({@link ActivationValues}) and every label non-negative, as the file readers require. A custom source that breaks
 * the contract would otherwise leave a class's scores NaN, fail deep inside a kernel, or give a report counting rows
 * its sinks never saw. Values and labels are checked until one pass has read every row, and not at all for a source
 * that checks them itself ({@link ActivationSource#valuesChecked()}); order, count, batch shape and the sequence of
 * labels (a checksum compared with the first complete pass's) on every pass.
 *
 * <p>A scan reads its source from the calling thread, so this is also where it can be cancelled: when that thread is
 * interrupted, the next batch ends the scan with an {@link InterruptedIOException} (the interrupt status is left set).
 */
public final class CheckedSource extends ForwardingSource {
    private volatile boolean onePassChecked;
    /** Checksum of the labels in row order over the first complete pass; later passes must match it. */
    private volatile long firstPassLabels;
    /** The distinct labels of the first complete pass, sorted: a later pass's row with another label fails at once. */
    private volatile int[] knownLabels;

    private CheckedSource(ActivationSource source) {
        super(source);
    }

    /** {@code source} checked as it is read (a source checked already is returned as it is). */
    public static ActivationSource of(ActivationSource source) {
        return source instanceof CheckedSource ? source : new CheckedSource(source);
    }

    /** Its readers check every value until one pass is complete, and the source is the same on every pass. */
    @Override
    public boolean valuesChecked() {
        return true;
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        BatchReader reader = source.open(maxBatchRows);
        boolean checkValues = !source.valuesChecked() && !onePassChecked;
        return new BatchReader() {
            private long next;
            private long labels = 1;
            private final int[] known = knownLabels;
            private final java.util.Set<Integer> seen = new java.util.HashSet<>();
            private int lastSeen = -1;

            @Override
            public Batch next() throws IOException {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException(description() + ": the scan was interrupted after row " + next
                            + " of a pass");
                }
                Batch b = reader.next();
                if (b == null) {
                    if (next != source.rowCount()) {
                        throw new InvalidInputException(description() + ": the source says it has " + source.rowCount()
                                + " rows but its reader returned " + next);
                    }
                    checkSameLabels();
                    return null;
                }
                checkShape(b);
                for (int r = 0; r < b.rows(); r++, next++) {
                    if (b.rowIndex()[r] != next) {
                        throw new InvalidInputException(description() + ": the reader returned row index "
                                + b.rowIndex()[r] + " where " + next + " was due (rows must come in input order,"
                                + " numbered from 0)");
                    }
                    if (checkValues) {
                        checkRow(b, r);
                    }
                    track(b.labels()[r]);
                }
                if (next > source.rowCount()) {
                    throw new InvalidInputException(description() + ": the source says it has " + source.rowCount()
                            + " rows but its reader returned more");
                }
                return b;
            }

            private void track(int label) {
                labels = labels * 1_000_003L + label;
                if (known != null) {
                    if (java.util.Arrays.binarySearch(known, label) < 0) {
                        throw new InvalidInputException(description() + ": row " + next + " has label " + label
                                + ", which an earlier pass over the source did not have (every pass must return the"
                                + " same rows, in the same order)");
                    }
                    return;
                }
                if (label != lastSeen) {
                    seen.add(label);
                    lastSeen = label;
                }
            }

            private void checkShape(Batch b) {
                if (b.dim() != source.dimension()) {
                    throw new InvalidInputException(description() + ": the reader returned a batch of dimension "
                            + b.dim() + " at row " + next + ", but the source's dimension() is " + source.dimension());
                }
                if (source.hasGroundTruth() && !b.hasGroundTruth()) {
                    throw new InvalidInputException(description() + ": the source says it has ground truth, but the"
                            + " batch at row " + next + " carries no poison marks");
                }
            }

            /** The labels are read on the first pass to define the classes: a later pass must give the same ones. */
            private void checkSameLabels() {
                synchronized (CheckedSource.this) {
                    if (!onePassChecked) {
                        firstPassLabels = labels;
                        knownLabels = seen.stream().mapToInt(Integer::intValue).sorted().toArray();
                        onePassChecked = true;
                    } else if (labels != firstPassLabels) {
                        throw new InvalidInputException(description() + ": the labels differ between passes over"
                                + " the source (every pass must return the same rows, in the same order)");
                    }
                }
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
