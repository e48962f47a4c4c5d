package org.poisonscan.io.numpy;

import java.util.Arrays;
import org.poisonscan.api.data.InvalidInputException;

/**
 * The parsed header of an NPY array: element type, memory order, shape and where the data starts.
 *
 * @param dtype element type
 * @param fortranOrder whether the data is stored column-major
 * @param shape dimensions, each >= 0 (copied)
 * @param dataOffset bytes from the start of the NPY bytes (magic included) to the first element
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, long[] shape, long dataOffset) {
    public NpyHeader {
        shape = shape.clone();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** Length of dimension {@code i}. */
    public long dim(int i) {
        return shape[i];
    }

    /** The shape as Python writes it, e.g. {@code (10, 512)} or {@code (7,)}. */
    public String shapeText() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Bytes of element data the header declares.
     *
     * @throws InvalidInputException when the declared size does not fit in a long
     */
    public long dataBytes(String where) {
        try {
            long n = dtype.itemSize();
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        } catch (ArithmeticException e) {
            throw new InvalidInputException(where + ": header declares shape " + shapeText() + " of " + dtype
                    + ", more bytes than any file can hold");
        }
    }

    /**
     * Checks, before anything is allocated or mapped, that the bytes after the header are exactly the declared data.
     *
     * @param totalBytes length of the whole NPY file or zip entry, header included
     */
    public void requireData(long totalBytes, String where) {
        long need = dataBytes(where);
        long have = Math.max(0, totalBytes - dataOffset);
        if (have < need) {
            throw new InvalidInputException(where + ": header declares shape " + shapeText() + " of " + dtype
                    + " (" + need + " bytes of data) but only " + have
                    + " bytes follow the header; the file is truncated or its header is wrong");
        }
        if (have > need) {
            // np.save writes exactly the declared data: more means a header that undercounts the rows, whose
            // remaining rows would be silently left out (NumPy itself reads such a file without a word).
            throw new InvalidInputException(where + ": header declares shape " + shapeText() + " of " + dtype
                    + " (" + need + " bytes of data) but " + have + " bytes follow the header; its header is wrong"
                    + " (more rows than it declares?)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype.equals(dtype) && h.fortranOrder == fortranOrder
                && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return dtype.hashCode() * 31 + Arrays.hashCode(shape) + Long.hashCode(dataOffset) + (fortranOrder ? 1 : 0);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype + ", fortran=" + fortranOrder + ", shape=" + shapeText() + ", data at " + dataOffset
                + "]";
    }
}
