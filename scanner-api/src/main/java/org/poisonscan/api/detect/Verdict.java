package org.poisonscan.api.detect;

/** A class-level verdict. */
public enum Verdict {
    /** The class holds a group of rows the detector judges poisoned. */
    POISONED,
    /** Nothing in the class stands out. */
    CLEAN,
    /** The class was not scanned (too few rows, degenerate activations); the reason is in the result. */
    NOT_SCANNED
}
