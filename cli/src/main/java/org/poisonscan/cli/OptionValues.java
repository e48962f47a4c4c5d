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

    /**
     * Refuses an output file {@code option} that names a directory, or (when {@code folderMustExist}: the writer does
     * not create it) lies in a folder that does not exist, before a long benchmark runs only to fail writing it;
     * {@code null} (not given) passes. Same words as the quality suite's own check.
     */
    static void requireOutputFile(String option, String path, boolean folderMustExist) {
        if (path == null) {
            return;
        }
        requireValue(option, path);
        java.nio.file.Path file = java.nio.file.Path.of(path).toAbsolutePath();
        if (java.nio.file.Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + path + ": is a directory");
        }
        java.nio.file.Path folder = file.getParent();
        if (folderMustExist && folder != null && !java.nio.file.Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + path + ": its folder does not exist");
        }
    }
}
