package org.poisonscan.cuda;

import com.sun.jna.ptr.IntByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.ComputeBackendProvider;

/**
 * Finds the GPU backend. The probe first looks for the NVIDIA driver without loading anything (so machines without a
 * GPU never load JNA for it), then loads the CUDA runtime, cuBLAS and cuSOLVER and counts the devices. Its result is
 * kept for the life of the JVM: the automatic choice probes on every scan. Priority 20: above ND4J's CPU backend.
 */
public final class CudaBackendProvider implements ComputeBackendProvider {
    /** Where the NVIDIA kernel driver announces itself on Linux. */
    static final Path DRIVER_FILE = Path.of("/proc/driver/nvidia/version");
    private static volatile Probe cached;

    @Override
    public String name() {
        return CudaComputeBackend.NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Probe probe() {
        Probe p = cached;
        if (p == null) {
            p = probe(DRIVER_FILE);
            cached = p;
        }
        return p;
    }

    /** The probe against a given driver file (tests point it elsewhere). */
    static Probe probe(Path driverFile) {
        if (!Files.exists(driverFile)) {
            return new Probe(false, "no NVIDIA driver (" + driverFile + " absent)");
        }
        try {
            CudaLibraries cuda = load();
            IntByReference count = new IntByReference();
            int status = cuda.runtime().cudaGetDeviceCount(count);
            if (status != 0) {
                return new Probe(false, "CUDA runtime found but cudaGetDeviceCount failed: "
                        + cuda.runtime().cudaGetErrorString(status));
            }
            if (count.getValue() < 1) {
                return new Probe(false, "CUDA runtime found but no GPU");
            }
            IntByReference runtime = new IntByReference();
            cuda.runtime().cudaRuntimeGetVersion(runtime);
            return new Probe(true, count.getValue() + " GPU(s), using GPU 0: " + CudaDevice.deviceName(cuda)
                    + "; CUDA runtime " + CudaDevice.version(runtime.getValue()) + ", cuBLAS and cuSOLVER loaded");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return new Probe(false, "NVIDIA driver present but the CUDA libraries did not load: " + e.getMessage());
        }
    }

    @Override
    public ComputeBackend open() {
        Probe p = probe();
        if (!p.available()) {
            throw new IllegalStateException("the CUDA backend cannot run here: " + p.detail());
        }
        return new CudaComputeBackend(new CudaDevice(load()));
    }

    /**
     * Loads the libraries. JNA unpacks its own native stub on first use, under {@code ~/.cache/JNA} unless
     * {@code jna.tmpdir} says otherwise; with {@code POISONSCAN_CACHE_DIR} set it goes there instead.
     */
    private static CudaLibraries load() {
        String cache = System.getenv("POISONSCAN_CACHE_DIR");
        if (System.getProperty("jna.tmpdir") == null && cache != null && !cache.isBlank()) {
            System.setProperty("jna.tmpdir", Path.of(cache, "jna").toString());
        }
        return CudaLibraries.load();
    }
}
