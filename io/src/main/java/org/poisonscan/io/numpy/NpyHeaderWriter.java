package org.poisonscan.io.numpy;

import java.nio.charset.StandardCharsets;

/**
 * Formats NPY headers as NumPy does: a version 1.0 preamble and a dict literal padded with spaces and a newline so
 * that the data starts at a multiple of 64 bytes (version 2.0 when the header exceeds 64 KiB, which needs a very long
 * shape).
 */
final class NpyHeaderWriter {
    private static final int ALIGN = 64;

    private NpyHeaderWriter() {
    }

    /** The complete preamble and header for a C-order array of {@code type} and {@code shape}. */
    static byte[] header(NpyDtype type, long... shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(type.descr())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        dict.append(shape.length == 1 ? ",), }" : "), }");
        int major = 10 + dict.length() + 1 <= 0xFFFF ? 1 : 2;
        int preamble = major == 1 ? 10 : 12;
        int total = preamble + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        dict.append(" ".repeat(padded - total)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[preamble + text.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.ISO_8859_1), 0, out, 1, 5);
        out[6] = (byte) major;
        out[7] = 0;
        int len = text.length;
        out[8] = (byte) len;
        out[9] = (byte) (len >>> 8);
        if (major == 2) {
            out[10] = (byte) (len >>> 16);
            out[11] = (byte) (len >>> 24);
        }
        System.arraycopy(text, 0, out, preamble, text.length);
        return out;
    }
}
