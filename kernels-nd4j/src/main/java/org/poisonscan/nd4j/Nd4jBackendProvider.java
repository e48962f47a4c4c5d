package org.poisonscan.nd4j;

import java.util.Locale;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackendProvider;

/**
 * Finds the ND4J backend. The probe only checks that ND4J's classes and a native build for this platform are on the
 * class path; the native libraries (hundreds of MB, unpacked into the JavaCPP cache) load in {@link #open()}.
 */
public final class Nd4jBackendProvider implements ComputeBackendProvider {
    @Override
    public String name() {
        return Nd4jComputeBackend.NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Probe probe() {
        try {
            ClassLoader loader = Nd4jBackendProvider.class.getClassLoader();
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, loader);
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "");
            String platform = (os.contains("linux") ? "linux" : os.contains("mac") ? "macosx"
                    : os.contains("win") ? "windows" : os) + "-" + (arch.equals("amd64") ? "x86_64" : arch);
            boolean cpu = loader.getResource(
                    "org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + "/libjnind4jcpu.so") != null;
            boolean cuda = loader.getResource("org/nd4j/linalg/jcublas/JCublasBackend.class") != null;
            if (!cpu && !cuda) {
                return new Probe(false, "ND4J found but no native build for " + platform + " on the class path");
            }
            String cache = System.getProperty("org.bytedeco.javacpp.cachedir", "(JavaCPP default)");
            return new Probe(true, "ND4J " + (cuda ? "CUDA" : "CPU") + " for " + platform + ", native cache " + cache);
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            return new Probe(false, "ND4J not on the class path: " + e);
        }
    }

    @Override
    public ComputeBackend open() {
        try {
            Nd4jComputeBackend backend = new Nd4jComputeBackend();
            backend.describe();
            return backend;
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("ND4J native libraries failed to load: " + e, e);
        }
    }
}
