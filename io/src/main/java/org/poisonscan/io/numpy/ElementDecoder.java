package org.poisonscan.io.numpy;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import org.poisonscan.api.data.ActivationValues;
import org.poisonscan.api.data.InvalidInputException;

/**
 * Converts raw NPY element bytes into PoisonScan's types, checking every value: activations must be finite float32
 * values, labels non-negative ints, ground-truth marks 0 or 1.
 */
final class ElementDecoder {
    private ElementDecoder() {
    }

    /**
     * Decodes {@code count} numeric elements (floats of any width, integers, bools) as float32 into {@code dst[off + i * stride]}.
     *
     * @return the index of the first element that is not a usable float32 activation (NaN, infinite, a float64 beyond
     *     the float32 range, or beyond {@link ActivationValues#MAX_MAGNITUDE}), or -1 when all are usable
     */
    static int floats(ByteBuffer src, NpyDtype type, float[] dst, int off, int stride, int count) {
        return floats(src, type, dst, off, stride, count, null);
    }

    /**
     * As {@link #floats(ByteBuffer, NpyDtype, float[], int, int, int)}, showing each wider value (float64, int32,
     * int64) as read to {@code wide}: {@code wide.accept(i, value)} for element {@code i} of the range.
     */
    static int floats(ByteBuffer src, NpyDtype type, float[] dst, int off, int stride, int count, WideValues wide) {
        ByteBuffer in = src.order(type.order());
        if (type.isFloat() && type.itemSize() == 4 && stride == 1) {
            in.asFloatBuffer().get(dst, off, count);
            for (int i = 0; i < count; i++) {
                if (!ActivationValues.usable(dst[off + i])) {
                    return i;
                }
            }
            return -1;
        }
        int bad = -1;
        int p = in.position();
        for (int i = 0; i < count; i++) {
            double x = number(in, type, p + i * type.itemSize());
            if (wide != null) {
                wide.accept(i, x);
            }
            float v = (float) x;
            dst[off + i * stride] = v;
            if (bad < 0 && !ActivationValues.usable(v)) {
                bad = i;
            }
        }
        return bad;
    }

    /** Receives the values of a range before they are narrowed to float32. */
    @FunctionalInterface
    interface WideValues {
        void accept(int element, double value);
    }

    /** Describes the unusable element {@code i} of a range decoded by {@link #floats}. */
    static String describeUnusable(ByteBuffer src, NpyDtype type, int i) {
        ByteBuffer in = src.order(type.order());
        double v = number(in, type, in.position() + i * type.itemSize());
        if (Double.isFinite(v) && !Float.isFinite((float) v)) {
            return "is " + v + ", outside the float32 range";
        }
        return ActivationValues.problem(v);
    }

    /**
     * Decodes {@code count} integer labels into {@code dst[off..]}, refusing negative values and values beyond int.
     *
     * @param firstRow input row of the first element, for messages
     */
    static void labels(ByteBuffer src, NpyDtype type, int[] dst, int off, int count, long firstRow, String where) {
        ByteBuffer in = src.order(type.order());
        int p = in.position();
        for (int i = 0; i < count; i++) {
            long v = integer(in, type, p + i * type.itemSize());
            if (v < 0 && type.kind() == 'i') {
                throw new InvalidInputException(where + ": label at row " + (firstRow + i) + " is " + v
                        + "; class labels must be non-negative integers");
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new InvalidInputException(where + ": label at row " + (firstRow + i) + " is "
                        + Long.toUnsignedString(v) + ", which does not fit in a 32-bit int");
            }
            dst[off + i] = (int) v;
        }
    }

    /** Decodes {@code count} ground-truth marks (bool, or integers 0 and 1) into {@code dst[off..]}. */
    static void marks(ByteBuffer src, NpyDtype type, boolean[] dst, int off, int count, long firstRow, String where) {
        ByteBuffer in = src.order(type.order());
        int p = in.position();
        for (int i = 0; i < count; i++) {
            long v = integer(in, type, p + i * type.itemSize());
            if (v != 0 && v != 1) {
                throw new InvalidInputException(where + ": ground-truth mark at row " + (firstRow + i) + " is "
                        + (type.kind() == 'u' && type.itemSize() == 8 ? Long.toUnsignedString(v) : v)
                        + "; expected 0/1 or False/True");
            }
            dst[off + i] = v == 1;
        }
    }

    /**
     * Element at byte {@code at} as a double: half, single and double floats exactly, integers and bools widened (a
     * uint64 above 2^63 to the nearest double).
     */
    static double number(ByteBuffer in, NpyDtype type, int at) {
        if (type.isFloat()) {
            return switch (type.itemSize()) {
                case 2 -> halfToFloat(in.getShort(at));
                case 4 -> in.getFloat(at);
                default -> in.getDouble(at);
            };
        }
        long x = integer(in, type, at);
        boolean unsignedLong = type.kind() == 'u' && type.itemSize() == 8;
        return unsignedLong && x < 0 ? (double) (x >>> 1) * 2.0 : x;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat): exact, subnormals, infinities and NaN. */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign != 0 ? -subnormal : subnormal;
        }
        // Rebias the exponent from 15 to 127; the mantissa widens from 10 to 23 bits.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Element at byte {@code at}, widened to long (a uint64 above 2^63 comes back negative). */
    private static long integer(ByteBuffer in, NpyDtype type, int at) {
        boolean unsigned = type.kind() == 'u' || type.kind() == 'b';
        return switch (type.itemSize()) {
            case 1 -> unsigned ? in.get(at) & 0xFFL : in.get(at);
            case 2 -> unsigned ? in.getShort(at) & 0xFFFFL : in.getShort(at);
            case 4 -> unsigned ? in.getInt(at) & 0xFFFFFFFFL : in.getInt(at);
            default -> in.getLong(at);
        };
    }
}
