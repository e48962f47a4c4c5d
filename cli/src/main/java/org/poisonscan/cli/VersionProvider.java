package org.poisonscan.cli;

import org.poisonscan.api.scan.RunInfo;
import picocli.CommandLine;

/** Prints the library version and the JVM. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"poisonscan " + RunInfo.libraryVersion(),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch")};
    }
}
