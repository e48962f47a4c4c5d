package org.poisonscan.io.numpy;

import org.poisonscan.api.data.InvalidInputException;

/** Messages for data that ends before the header says it should. */
final class RangeErrors {
    private RangeErrors() {
    }

    static InvalidInputException beyondData(String where, long offset, int count, long length) {
        return new InvalidInputException(where + ": read of " + count + " bytes at data offset " + offset
                + " goes past the " + length + " bytes of data");
    }

    static InvalidInputException fileShrank(String where) {
        return new InvalidInputException(where + ": the file ended early (truncated or changed while being read)");
    }

    static InvalidInputException endOfStream(String where, long read, long length) {
        return new InvalidInputException(where + ": data ends after " + read + " of " + length
                + " declared bytes; the entry is truncated");
    }
}
