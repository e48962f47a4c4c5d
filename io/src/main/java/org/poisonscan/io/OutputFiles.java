package org.poisonscan.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output file before a long run that ends by writing it, rather than failing when it is written. */
public final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * Refuses {@code out} when it is a directory, or, when {@code folderMustExist} (the writer creates no folder), when
     * its folder does not exist: "OPTION OUT: is a directory" / "OPTION OUT: its folder does not exist".
     */
    public static void requireWritableFile(String option, Path out, boolean folderMustExist) {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + ": is a directory");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folderMustExist && (folder == null || !Files.isDirectory(folder))) {
            throw new IllegalArgumentException(option + " " + out + ": its folder does not exist");
        }
    }
}
