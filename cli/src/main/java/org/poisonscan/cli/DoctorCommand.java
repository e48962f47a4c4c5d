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
                + " the native cache directories, and whether DJL's PyTorch engine and its native build are on the"
                + " class path (models, training, trigger verification).")
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
        out.println("models (DJL): " + djlEngine());
        out.println("native caches:");
        out.println("  javacpp (ND4J): " + property("org.bytedeco.javacpp.cachedir"));
        out.println("  DJL:            " + property("DJL_CACHE_DIR"));
        out.println("  DJL engine:     " + property("ENGINE_CACHE_DIR"));
        out.println("  JNA (GPU, DJL): " + property("jna.tmpdir"));
        return PoisonScanCommand.OK;
    }

    /**
     * Whether DJL's PyTorch engine could run offline here, read from the class path without loading the engine (that
     * unpacks about 430 MB on first use): the engine, its JNI bridge, and a native build for this platform.
     */
    static String djlEngine() {
        ClassLoader loader = DoctorCommand.class.getClassLoader();
        if (loader.getResource("ai/djl/pytorch/engine/PtEngine.class") == null) {
            return "PyTorch engine not on the class path";
        }
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String platform = (os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : "win") + "-"
                + ("amd64".equals(arch) ? "x86_64" : arch);
        boolean jni = loader.getResource("jnilib/" + platform + "/cpu/libdjl_torch.so") != null;
        boolean nativeBuild = loader.getResource("pytorch/cpu/" + platform + "/libtorch_cpu.so") != null;
        return "PyTorch engine on the class path; JNI bridge for " + platform + (jni ? "" : " MISSING")
                + "; native CPU build for " + platform + (nativeBuild ? " bundled (runs offline)"
                : " not bundled (DJL would download it: unavailable offline)")
                + "; ai.djl.offline=" + System.getProperty("ai.djl.offline", "(not set)");
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        return v == null ? "(not set: the library default)" : v;
    }
}
