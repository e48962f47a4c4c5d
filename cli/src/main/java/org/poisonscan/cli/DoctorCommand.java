package org.poisonscan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.poisonscan.api.backend.ComputeBackendProvider;
import org.poisonscan.api.backend.ComputeBackends;
import org.poisonscan.api.scan.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code poisonscan doctor}: what this installation can run. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Prints the Java version, OS and architecture, every compute backend with its probe result, and"
                + " the native cache directories.")
final class DoctorCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("poisonscan " + RunInfo.libraryVersion());
        out.println("java:  " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.println("os:    " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", max heap: "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
        out.println("backends (highest priority first):");
        for (ComputeBackendProvider p : ComputeBackends.providers()) {
            ComputeBackendProvider.Probe probe = p.probe();
            out.printf("  %-8s priority %3d  %s: %s%n", p.name(), p.priority(),
                    probe.available() ? "available" : "unavailable", probe.detail());
        }
        out.println("native caches:");
        out.println("  javacpp (ND4J): " + property("org.bytedeco.javacpp.cachedir"));
        out.println("  DJL:            " + property("DJL_CACHE_DIR"));
        return PoisonScanCommand.OK;
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        return v == null ? "(not set: the library default)" : v;
    }
}
