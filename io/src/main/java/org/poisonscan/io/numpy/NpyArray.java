package org.poisonscan.io.numpy;

import java.io.IOException;

/**
 * One NPY array located in a file or zip entry: its header and a way to read its data on each pass. Holds no data.
 *
 * @param where the file (and array name) used in messages
 * @param header the parsed, size-checked header
 * @param randomAccess whether the opened readers can read ranges in any order (files and stored zip entries)
 * @param opener opens a reader over the data for one pass
 * @param integrity reads the whole array once to check it against a recorded checksum (a zip entry's CRC-32), or
 *     null when the file records none
 */
record NpyArray(String where, NpyHeader header, boolean randomAccess, Opener opener, Integrity integrity) {

    /** Opens the data of one pass; the caller closes it. */
    @FunctionalInterface
    interface Opener {
        ByteRangeReader open() throws IOException;
    }

    /** A whole-array check against a recorded checksum. */
    @FunctionalInterface
    interface Integrity {
        /** @throws org.poisonscan.api.data.InvalidInputException when the bytes do not match */
        void verify() throws IOException;
    }

    ByteRangeReader open() throws IOException {
        return opener.open();
    }

    NpyDtype dtype() {
        return header.dtype();
    }

    /** Whether element order is row-major: C order, or any array with at most one dimension longer than 1. */
    boolean rowMajor() {
        if (!header.fortranOrder()) {
            return true;
        }
        int longer = 0;
        for (long s : header.shape()) {
            longer += s > 1 ? 1 : 0;
        }
        return longer <= 1;
    }
}
