package org.poisonscan.io.parquet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The activation column of one row group, decoded a page at a time into arrays: repetition and definition levels
 * into {@code int[]}, values into {@code float[]} or {@code double[]} (PLAIN values, the usual encoding of embeddings,
 * in one bulk copy; dictionary, byte-stream-split and any other encoding through Parquet's own value readers). Then
 * served value by value like a column reader, but from arrays, several times faster than
 * {@link org.apache.parquet.column.ColumnReader}, whose per-value stream reads dominate on wide float lists. Rows may
 * span pages. Decoding failures name the file, column and row group.
 */
final class ListValueCursor {
    private final PageReader pages;
    private final ColumnDescriptor column;
    private final boolean doubles;
    private final String where;
    private final String name;
    private final int rowGroup;
    private final int maxDef;
    private Dictionary dictionary;
    private long left;
    private int[] rep = new int[0];
    private int[] def = new int[0];
    private float[] floats = new float[0];
    private double[] doubleValues = new double[0];
    private int count;
    private int at;
    private int value;

    ListValueCursor(PageReader pages, ColumnDescriptor column, boolean doubles, String where, String name,
            int rowGroup) {
        this.pages = pages;
        this.column = column;
        this.doubles = doubles;
        this.where = where;
        this.name = name;
        this.rowGroup = rowGroup;
        this.maxDef = column.getMaxDefinitionLevel();
        this.left = pages.getTotalValueCount();
    }

    /** Whether a level entry (a value, a null or an empty-list marker) is left in this row group. */
    boolean hasNext() {
        while (at >= count) {
            if (left <= 0) {
                return false;
            }
            load();
        }
        return true;
    }

    int repetitionLevel() {
        return rep[at];
    }

    int definitionLevel() {
        return def[at];
    }

    float getFloat() {
        return floats[value];
    }

    double getDouble() {
        return doubleValues[value];
    }

    /**
     * Copies the row starting at the cursor when it is a plain run of exactly {@code dim} non-null float values
     * inside this page and advances past it; returns false (moving nothing) otherwise, for the caller's value-by-value
     * path that explains what is wrong. The caller checks the copied values.
     */
    boolean copyRow(float[] dst, int off, int dim) {
        int end = at + dim;
        if (doubles || end > count || (end == count && left > 0) || (end < count && rep[end] != 0)) {
            return false;
        }
        for (int i = at; i < end; i++) {
            if (def[i] != maxDef || (i > at && rep[i] == 0)) {
                return false;
            }
        }
        System.arraycopy(floats, value, dst, off, dim);
        value += dim;
        at = end;
        return true;
    }

    void consume() {
        if (def[at] == maxDef) {
            value++;
        }
        at++;
    }

    /** An error about {@code row} (0-based in the file) of this column. */
    InvalidInputException error(long row, String reason) {
        return new InvalidInputException(where + ": column '" + name + "', row group " + rowGroup + ", row " + row
                + ": " + reason);
    }

    private InvalidInputException error(String reason, Exception cause) {
        return new InvalidInputException(where + ": column '" + name + "', row group " + rowGroup + ": " + reason,
                cause);
    }

    private void load() {
        DataPage page;
        try {
            if (dictionary == null && left == pages.getTotalValueCount()) {
                DictionaryPage d = pages.readDictionaryPage();
                if (d != null) {
                    dictionary = d.getEncoding().initDictionary(column, d);
                }
            }
            page = pages.readPage();
        } catch (IOException | RuntimeException e) {
            throw error("cannot read a page: " + e.getMessage(), e);
        }
        if (page == null) {
            throw error("the column chunk ends " + left + " values early", null);
        }
        int n = page.getValueCount();
        if (rep.length < n) {
            rep = new int[n];
            def = new int[n];
        }
        try {
            if (page instanceof DataPageV1 v1) {
                decodeV1(v1, n);
            } else {
                decodeV2((DataPageV2) page, n);
            }
        } catch (IOException | RuntimeException e) {
            throw error("cannot decode a page: " + e.getMessage(), e);
        }
        left -= n;
        count = n;
        at = 0;
        value = 0;
    }

    private void decodeV1(DataPageV1 page, int n) throws IOException {
        ByteBufferInputStream in = page.getBytes().toInputStream();
        levels(page.getRlEncoding(), ValuesType.REPETITION_LEVEL, column.getMaxRepetitionLevel(), in, rep, n);
        levels(page.getDlEncoding(), ValuesType.DEFINITION_LEVEL, maxDef, in, def, n);
        values(page.getValueEncoding(), in, n);
    }

    private void decodeV2(DataPageV2 page, int n) throws IOException {
        rleLevels(column.getMaxRepetitionLevel(), page.getRepetitionLevels().toByteBuffer(), rep, n);
        rleLevels(maxDef, page.getDefinitionLevels().toByteBuffer(), def, n);
        values(page.getDataEncoding(), page.getData().toInputStream(), n);
    }

    private void levels(Encoding encoding, ValuesType type, int max, ByteBufferInputStream in, int[] out, int n)
            throws IOException {
        if (max == 0) {
            java.util.Arrays.fill(out, 0, n, 0);
            return;
        }
        if (encoding == Encoding.RLE) {
            int length = BytesUtils.readIntLittleEndian(in);
            RleLevels.decode(in.slice(length), BytesUtils.getWidthFromMaxInt(max), out, n);
            return;
        }
        ValuesReader reader = encoding.getValuesReader(column, type);
        reader.initFromPage(n, in);
        for (int i = 0; i < n; i++) {
            out[i] = reader.readInteger();
        }
    }

    private static void rleLevels(int max, ByteBuffer in, int[] out, int n) {
        RleLevels.decode(in, max == 0 ? 0 : BytesUtils.getWidthFromMaxInt(max), out, n);
    }

    private void values(Encoding encoding, ByteBufferInputStream in, int n) throws IOException {
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (def[i] == maxDef) {
                present++;
            }
        }
        if (doubles ? doubleValues.length < present : floats.length < present) {
            if (doubles) {
                doubleValues = new double[present];
            } else {
                floats = new float[present];
            }
        }
        if (encoding == Encoding.PLAIN) {
            ByteBuffer bytes = in.slice(present * (doubles ? Double.BYTES : Float.BYTES))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (doubles) {
                bytes.asDoubleBuffer().get(doubleValues, 0, present);
            } else {
                bytes.asFloatBuffer().get(floats, 0, present);
            }
            return;
        }
        ValuesReader reader = encoding.usesDictionary()
                ? encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, requireDictionary())
                : encoding.getValuesReader(column, ValuesType.VALUES);
        reader.initFromPage(present, in);
        for (int i = 0; i < present; i++) {
            if (doubles) {
                doubleValues[i] = reader.readDouble();
            } else {
                floats[i] = reader.readFloat();
            }
        }
    }

    private Dictionary requireDictionary() {
        if (dictionary == null) {
            throw new IllegalStateException("a dictionary-encoded page without a dictionary page");
        }
        return dictionary;
    }
}
