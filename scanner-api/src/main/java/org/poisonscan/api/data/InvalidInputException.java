package org.poisonscan.api.data;

/**
 * Input that cannot be scanned: a malformed file, a value that is not finite, inconsistent array lengths. The message
 * names the file, the array, column or row, and the reason, so it can be shown to a user as it is.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
