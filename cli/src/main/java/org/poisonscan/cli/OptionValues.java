package org.poisonscan.cli;

/**
 * Checks on option values that picocli accepts as given: an empty value ({@code --out ""}, from an unset variable in
 * a pipeline script) would silently mean the current directory or the default column.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** Refuses an empty or blank value of an optional {@code option}; {@code null} (not given) passes. */
    static void requireNotBlank(String option, Object value) {
        if (value != null && value.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give it a value or leave the option out");
        }
    }

    /** Refuses an empty or blank value of a required {@code option} (which cannot be left out). */
    static void requireValue(String option, Object value) {
        if (value != null && value.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give it a value");
        }
    }
}
