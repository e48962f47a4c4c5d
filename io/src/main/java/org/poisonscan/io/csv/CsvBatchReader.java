package org.poisonscan.io.csv;

import java.io.IOException;
import org.apache.commons.csv.CSVRecord;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;
import org.poisonscan.api.data.InvalidInputException;

/** One streaming pass over a CSV file, filling reused batch arrays record by record. */
final class CsvBatchReader implements BatchReader {
    private final CsvRecords records;
    private final CsvRowDecoder decoder;
    private final boolean marks;
    private final long rows;
    private final int dim;
    private final String where;
    private final float[] f;
    private final int[] l;
    private final long[] idx;
    private final boolean[] p;
    private long next;
    private boolean closed;

    CsvBatchReader(CsvRecords records, CsvRowDecoder decoder, CsvLayout layout, long rows, int maxBatchRows,
            String where) {
        this.records = records;
        this.decoder = decoder;
        this.marks = layout.groundTruth() >= 0;
        this.rows = rows;
        this.dim = layout.dimension();
        this.where = where;
        if (!records.header().equals(layout.header())) {
            throw new InvalidInputException(where + ": the header changed since the file was opened");
        }
        int capacity = (int) Math.min(Math.min(maxBatchRows, Math.max(rows, 1)), (Integer.MAX_VALUE - 8) / dim);
        this.f = new float[capacity * dim];
        this.l = new int[capacity];
        this.idx = new long[capacity];
        this.p = marks ? new boolean[capacity] : null;
    }

    @Override
    public Batch next() throws IOException {
        if (closed) {
            return null;
        }
        int n = 0;
        while (n < l.length) {
            CSVRecord r = records.next();
            if (r == null) {
                break;
            }
            if (next + n >= rows) {
                throw changed();
            }
            long line = records.line();
            l[n] = decoder.decode(r, line, f, n * dim);
            if (marks) {
                p[n] = decoder.mark(r, line);
            }
            idx[n] = next + n;
            n++;
        }
        if (n == 0) {
            if (next != rows) {
                throw changed();
            }
            return null;
        }
        next += n;
        return new Batch(f, n, dim, l, idx, p);
    }

    private InvalidInputException changed() {
        return new InvalidInputException(where + ": the file no longer has the " + rows
                + " rows it had when opened; was it changed?");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        records.close();
    }
}
