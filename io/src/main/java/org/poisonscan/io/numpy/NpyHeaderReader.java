package org.poisonscan.io.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Reads and checks the preamble and header of NPY format versions 1.0, 2.0 and 3.0: the magic string, the header
 * length and the header dict with its {@code descr}, {@code fortran_order} and {@code shape} keys.
 *
 * <p>The header is parsed as a literal ({@link PyLiteralParser}), never evaluated, and is limited to
 * {@value #MAX_HEADER_BYTES} bytes so a corrupt length cannot trigger a large allocation. Pickles (a file starting
 * with the pickle opcode {@code \x80}) and object dtypes are refused without being unpickled.
 */
final class NpyHeaderReader {
    /** Largest header accepted; NumPy itself refuses more than 10000 bytes by default. */
    public static final int MAX_HEADER_BYTES = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyHeaderReader() {
    }

    /**
     * Reads the header from the start of {@code in}, leaving the stream at the first data byte.
     *
     * @param where file (and array) named in error messages
     * @throws InvalidInputException when the bytes are not a supported NPY header
     */
    public static NpyHeader read(InputStream in, String where) throws IOException {
        byte[] pre = in.readNBytes(8);
        checkMagic(pre, where);
        int major = pre[6] & 0xFF;
        int minor = pre[7] & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new InvalidInputException(where + ": unsupported NPY format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw truncated(where);
        }
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (len[i] & 0xFF);
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new InvalidInputException(where + ": NPY header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes; the file is corrupt");
        }
        byte[] header = in.readNBytes((int) headerLength);
        if (header.length < headerLength) {
            throw truncated(where);
        }
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        long dataOffset = 8 + lengthBytes + headerLength;
        return parseDict(new String(header, charset), dataOffset, where);
    }

    private static void checkMagic(byte[] pre, String where) {
        if (pre.length == 0) {
            throw new InvalidInputException(where + ": file is empty (0 bytes), not an NPY array");
        }
        if ((pre[0] & 0xFF) == 0x80) {
            throw new InvalidInputException(where + ": file is a Python pickle, not an NPY array; "
                    + NpyDtype.OBJECT_REFUSED);
        }
        if (pre.length >= 4 && pre[0] == 'P' && pre[1] == 'K' && pre[2] == 3 && pre[3] == 4) {
            throw new InvalidInputException(where + ": file is a zip archive (an .npz?), not an NPY array");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= pre.length || pre[i] != MAGIC[i]) {
                throw new InvalidInputException(where + ": not an NPY file (bad magic: an NPY file starts with "
                        + "\\x93NUMPY)");
            }
        }
        if (pre.length < 8) {
            throw truncated(where);
        }
    }

    private static NpyHeader parseDict(String text, long dataOffset, String where) {
        Object parsed;
        try {
            parsed = PyLiteralParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where + ": malformed NPY header (" + e.getMessage() + "): "
                    + abbreviate(text));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new InvalidInputException(where + ": NPY header is not a dict: " + abbreviate(text));
        }
        Object descr = require(dict, "descr", where);
        Object fortran = require(dict, "fortran_order", where);
        Object shape = require(dict, "shape", where);
        if (!(descr instanceof String descrText)) {
            if (String.valueOf(descr).indexOf('O') >= 0) {
                throw new InvalidInputException(where + ": structured dtype with objects: " + NpyDtype.OBJECT_REFUSED);
            }
            throw new InvalidInputException(where + ": structured dtype " + abbreviate(String.valueOf(descr))
                    + " is not supported; save a plain numeric array");
        }
        NpyDtype dtype = NpyDtype.parse(descrText, where);
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new InvalidInputException(where + ": NPY header 'fortran_order' is not True or False: " + fortran);
        }
        return new NpyHeader(dtype, fortranOrder, shape(shape, where), dataOffset);
    }

    private static long[] shape(Object value, String where) {
        if (!(value instanceof List<?> dims)) {
            throw new InvalidInputException(where + ": NPY header 'shape' is not a tuple: " + value);
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof BigInteger b) || b.signum() < 0 || b.bitLength() > 62) {
                throw new InvalidInputException(where + ": NPY header 'shape' has an invalid dimension: " + value);
            }
            shape[i] = b.longValue();
        }
        return shape;
    }

    private static Object require(Map<?, ?> dict, String key, String where) {
        if (!dict.containsKey(key)) {
            throw new InvalidInputException(where + ": NPY header lacks the key '" + key + "'");
        }
        return dict.get(key);
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    private static InvalidInputException truncated(String where) {
        return new InvalidInputException(where + ": NPY header is truncated");
    }
}
