package org.poisonscan.ac;

/**
 * A class that cannot be clustered as asked (fewer distinct rows than clusters); the detector reports it not scanned.
 */
final class DegenerateClassException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DegenerateClassException(String message) {
        super(message);
    }
}
