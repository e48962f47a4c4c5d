package org.poisonscan.io.numpy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.poisonscan.api.data.ActivationSource;
import org.poisonscan.api.data.Batch;
import org.poisonscan.api.data.BatchReader;

/** Test fixtures written independently of the code under test: NPY bytes, zips of them, and whole-source reads. */
public final class NpyBytes {
    private NpyBytes() {
    }

    /** A version 1.0 NPY file with a header dict built from the arguments. */
    public static byte[] npy(String descr, boolean fortran, long[] shape, byte[] data) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        s.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + s + ", }";
        return raw(1, dict, data);
    }

    /** An NPY file of any version with a verbatim header text (padded to 64 bytes and ended by a newline). */
    public static byte[] raw(int major, String dict, byte[] data) {
        int pre = major == 1 ? 10 : 12;
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int total = pre + text.length + 1;
        int pad = (64 - total % 64) % 64;
        ByteBuffer b = ByteBuffer.allocate(total + pad + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) major).put((byte) 0);
        int len = text.length + pad + 1;
        if (major == 1) {
            b.putShort((short) len);
        } else {
            b.putInt(len);
        }
        b.put(text);
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n').put(data);
        return b.array();
    }

    public static byte[] f4(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    public static byte[] f8(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    /** Integers of {@code size} bytes (1, 2, 4 or 8) in {@code order}. */
    public static byte[] ints(int size, ByteOrder order, long... v) {
        ByteBuffer b = ByteBuffer.allocate(size * v.length).order(order);
        for (long x : v) {
            switch (size) {
                case 1 -> b.put((byte) x);
                case 2 -> b.putShort((short) x);
                case 4 -> b.putInt((int) x);
                default -> b.putLong(x);
            }
        }
        return b.array();
    }

    public static byte[] i4(long... v) {
        return ints(4, ByteOrder.LITTLE_ENDIAN, v);
    }

    public static byte[] b1(boolean... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) (v[i] ? 1 : 0);
        }
        return out;
    }

    /** A zip of the entries, each stored (with size and CRC set up front) or deflated. */
    public static byte[] zip(boolean deflate, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (deflate) {
                    entry.setMethod(ZipEntry.DEFLATED);
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Entries in the order given. */
    public static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) {
            m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        }
        return m;
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        return file;
    }

    /** Every row of a source, copied out of the batches, with the batch sizes seen. */
    public record Rows(float[][] features, int[] labels, boolean[] poison, long[] rowIndex, List<Integer> batchSizes) {
    }

    public static Rows readAll(ActivationSource source, int batchRows) throws IOException {
        List<float[]> f = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        List<Boolean> p = new ArrayList<>();
        List<Long> idx = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        try (BatchReader reader = source.open(batchRows)) {
            for (Batch b = reader.next(); b != null; b = reader.next()) {
                sizes.add(b.rows());
                for (int r = 0; r < b.rows(); r++) {
                    float[] row = new float[b.dim()];
                    System.arraycopy(b.features(), b.offset(r), row, 0, b.dim());
                    f.add(row);
                    l.add(b.labels()[r]);
                    idx.add(b.rowIndex()[r]);
                    if (b.hasGroundTruth()) {
                        p.add(b.poison()[r]);
                    }
                }
            }
        }
        boolean[] marks = p.isEmpty() && !source.hasGroundTruth() ? null : new boolean[p.size()];
        for (int i = 0; marks != null && i < marks.length; i++) {
            marks[i] = p.get(i);
        }
        return new Rows(f.toArray(new float[0][]), l.stream().mapToInt(Integer::intValue).toArray(), marks,
                idx.stream().mapToLong(Long::longValue).toArray(), sizes);
    }

    /** The first position of {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
