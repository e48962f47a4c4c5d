package org.poisonscan.cuda;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA libraries of the machine, loaded by JNA from the system's library path (or {@code jna.library.path}).
 * The unversioned names come first (the toolkit's development links); the versioned names of CUDA 13, 12 and 11
 * follow, for machines with only the runtime packages.
 */
record CudaLibraries(CudaApi.Runtime runtime, CudaApi.Driver driver, CudaApi.Cublas cublas,
        CudaApi.Cusolver cusolver) {

    static CudaLibraries load() {
        return new CudaLibraries(
                load(CudaApi.Runtime.class, "cudart", "libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0"),
                load(CudaApi.Driver.class, "cuda", "libcuda.so.1"),
                load(CudaApi.Cublas.class, "cublas", "libcublas.so.13", "libcublas.so.12", "libcublas.so.11"),
                load(CudaApi.Cusolver.class, "cusolver", "libcusolver.so.12", "libcusolver.so.11"));
    }

    private static <T extends Library> T load(Class<T> api, String... names) {
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            try {
                return Native.load(name, api);
            } catch (UnsatisfiedLinkError e) {
                failures.add(name);
            }
        }
        throw new UnsatisfiedLinkError("none of " + failures + " could be loaded (install the CUDA toolkit's"
                + " libraries, or point -Djna.library.path at their directory)");
    }
}
