package org.poisonscan.io.numpy;

import java.nio.ByteOrder;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The element types PoisonScan reads from NPY data: floats ({@code f2}, {@code f4}, {@code f8}), signed and unsigned integers
 * ({@code i1..i8}, {@code u1..u8}) and booleans ({@code b1}), little- or big-endian.
 *
 * <p>Object arrays ({@code |O}) hold pickled Python objects; they are refused by name and never unpickled. Every other
 * type (complex, strings, structured records, datetimes) is refused as unsupported.
 *
 * @param kind {@code 'f'} float, {@code 'i'} signed integer, {@code 'u'} unsigned integer, {@code 'b'} boolean
 * @param itemSize bytes per element
 * @param order byte order of multi-byte elements
 */
record NpyDtype(char kind, int itemSize, ByteOrder order) {

    /** Little-endian float32, the type PoisonScan writes. */
    public static final NpyDtype FLOAT32 = new NpyDtype('f', 4, ByteOrder.LITTLE_ENDIAN);
    /** Little-endian int32, the type PoisonScan writes labels in. */
    public static final NpyDtype INT32 = new NpyDtype('i', 4, ByteOrder.LITTLE_ENDIAN);
    /** NumPy's one-byte bool. */
    public static final NpyDtype BOOL = new NpyDtype('b', 1, ByteOrder.LITTLE_ENDIAN);

    static final String OBJECT_REFUSED = "object/pickled arrays are refused; PoisonScan never unpickles";

    /**
     * Parses a NumPy type string such as {@code <f4}, {@code >i8} or {@code |b1}.
     *
     * @param where file (and array) named in the message of a refusal
     */
    public static NpyDtype parse(String descr, String where) {
        if (descr.indexOf('O') >= 0) {
            throw new InvalidInputException(where + ": dtype '" + descr + "': " + OBJECT_REFUSED);
        }
        if (descr.length() < 3) {
            throw unsupported(descr, where);
        }
        ByteOrder order;
        switch (descr.charAt(0)) {
            case '<', '|' -> order = ByteOrder.LITTLE_ENDIAN;
            case '>' -> order = ByteOrder.BIG_ENDIAN;
            default -> throw unsupported(descr, where);
        }
        char kind = descr.charAt(1);
        if (kind == 'U' || kind == 'S') {
            throw new InvalidInputException(where + ": dtype '" + descr + "' holds strings, which are not read from"
                    + " NumPy files: activations must be numbers, and class labels integer ids"
                    + " (np.unique(y, return_inverse=True)[1]); or scan a CSV or Parquet file, whose label column may"
                    + " hold class names");
        }
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw unsupported(descr, where);
        }
        boolean known = switch (kind) {
            case 'f' -> size == 2 || size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!known) {
            throw unsupported(descr, where);
        }
        return new NpyDtype(kind, size, order);
    }

    /** Whether this is float16, float32 or float64. */
    public boolean isFloat() {
        return kind == 'f';
    }

    /** Whether this is a signed or unsigned integer type. */
    public boolean isInteger() {
        return kind == 'i' || kind == 'u';
    }

    /** Whether this is NumPy's bool. */
    public boolean isBool() {
        return kind == 'b';
    }

    /** The NumPy type string, e.g. {@code <f4}. */
    public String descr() {
        char prefix = itemSize == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return "" + prefix + kind + itemSize;
    }

    /** A readable name such as {@code float32}, {@code uint8} or {@code bool}. */
    public String displayName() {
        return switch (kind) {
            case 'f' -> "float" + itemSize * 8;
            case 'i' -> "int" + itemSize * 8;
            case 'u' -> "uint" + itemSize * 8;
            default -> "bool";
        };
    }

    @Override
    public String toString() {
        return descr();
    }

    private static InvalidInputException unsupported(String descr, String where) {
        return new InvalidInputException(where + ": unsupported dtype '" + descr
                + "' (supported: float16, float32, float64, int8-int64, uint8-uint64, bool)");
    }
}
