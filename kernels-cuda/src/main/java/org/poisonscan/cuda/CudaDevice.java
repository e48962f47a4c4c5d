package org.poisonscan.cuda;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * One GPU with its cuBLAS and cuSOLVER handles, and the staging buffers through which rows travel: a Java array the
 * callers fill (float rows widened to double), a pinned host buffer and a device buffer of the same size. Every
 * method that touches the handles or the staging buffers is synchronized: a handle serves one thread at a time.
 *
 * <p>The GPU computes in double precision, so its results differ from the pure-Java backend's only by rounding
 * order (about 1e-15 relative), not by a single-precision accumulation.
 */
final class CudaDevice implements AutoCloseable {
    /** Doubles in each staging buffer (8 MiB): 2,048 rows of d = 512 per transfer. */
    static final int STAGE_DOUBLES = 1 << 20;
    private static final int DOUBLE_BYTES = Double.BYTES;

    private final CudaLibraries cuda;
    private final Pointer cublas;
    private final Pointer cusolver;
    private final double[] stage = new double[STAGE_DOUBLES];
    private final Pointer pinnedStage;
    private final DeviceArray deviceStage;
    private final String description;
    private boolean closed;

    CudaDevice(CudaLibraries cuda) {
        this.cuda = cuda;
        check(cuda.runtime().cudaSetDevice(0), "cudaSetDevice(0)");
        PointerByReference handle = new PointerByReference();
        checkCublas(cuda.cublas().cublasCreate_v2(handle), "cublasCreate");
        this.cublas = handle.getValue();
        PointerByReference solver = new PointerByReference();
        checkSolver(cuda.cusolver().cusolverDnCreate(solver), "cusolverDnCreate");
        this.cusolver = solver.getValue();
        PointerByReference pinned = new PointerByReference();
        check(cuda.runtime().cudaMallocHost(pinned, (long) STAGE_DOUBLES * DOUBLE_BYTES), "cudaMallocHost");
        this.pinnedStage = pinned.getValue();
        this.deviceStage = allocate(STAGE_DOUBLES);
        this.description = describe(cuda, cublas);
    }

    /** Name, compute capability, memory, and the versions of the runtime, driver and cuBLAS. */
    private static String describe(CudaLibraries cuda, Pointer cublas) {
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        cuda.runtime().cudaDeviceGetAttribute(major, CudaApi.Runtime.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, 0);
        cuda.runtime().cudaDeviceGetAttribute(minor, CudaApi.Runtime.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, 0);
        LongByReference free = new LongByReference();
        LongByReference total = new LongByReference();
        cuda.runtime().cudaMemGetInfo(free, total);
        IntByReference runtime = new IntByReference();
        IntByReference driver = new IntByReference();
        IntByReference blas = new IntByReference();
        cuda.runtime().cudaRuntimeGetVersion(runtime);
        cuda.runtime().cudaDriverGetVersion(driver);
        cuda.cublas().cublasGetVersion_v2(cublas, blas);
        return deviceName(cuda) + " (compute capability " + major.getValue() + "." + minor.getValue() + ", "
                + total.getValue() / (1L << 20) + " MiB), CUDA runtime " + version(runtime.getValue()) + ", driver "
                + version(driver.getValue()) + ", cuBLAS " + blas.getValue();
    }

    static String deviceName(CudaLibraries cuda) {
        byte[] name = new byte[256];
        IntByReference device = new IntByReference();
        if (cuda.driver().cuInit(0) != 0 || cuda.driver().cuDeviceGet(device, 0) != 0
                || cuda.driver().cuDeviceGetName(name, name.length, device.getValue()) != 0) {
            return "GPU 0";
        }
        int end = 0;
        while (end < name.length && name[end] != 0) {
            end++;
        }
        return new String(name, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** CUDA's version numbers: 13000 is 13.0. */
    static String version(int v) {
        return v / 1000 + "." + v % 1000 / 10;
    }

    String description() {
        return description;
    }

    /** The Java staging array: callers fill up to {@link #STAGE_DOUBLES} values, then call {@link #uploadStage}. */
    double[] stage() {
        return stage;
    }

    /** Copies the first {@code count} staged values to the device staging buffer and returns that buffer. */
    synchronized DeviceArray uploadStage(int count) {
        pinnedStage.write(0, stage, 0, count);
        check(cuda.runtime().cudaMemcpy(deviceStage.pointer(), pinnedStage, (long) count * DOUBLE_BYTES,
                CudaApi.Runtime.MEMCPY_HOST_TO_DEVICE), "cudaMemcpy to the device");
        return deviceStage;
    }

    /** Device memory for {@code doubles} values, freed by {@link DeviceArray#close()}. */
    synchronized DeviceArray allocate(long doubles) {
        PointerByReference p = new PointerByReference();
        long bytes = Math.max(1, doubles) * DOUBLE_BYTES;
        int status = cuda.runtime().cudaMalloc(p, bytes);
        if (status != 0) {
            throw new CudaException("cudaMalloc of " + bytes + " bytes failed: " + errorString(status)
                    + " (the GPU's memory holds one d x d matrix per class; use --backend java or nd4j)");
        }
        return new DeviceArray(this, p.getValue(), doubles);
    }

    synchronized void free(Pointer p) {
        if (!closed) {
            cuda.runtime().cudaFree(p);
        }
    }

    synchronized void zero(DeviceArray a) {
        check(cuda.runtime().cudaMemset(a.pointer(), 0, a.length() * DOUBLE_BYTES), "cudaMemset");
    }

    /** Host values into device memory (through the pinned buffer, in chunks). */
    synchronized void upload(double[] values, int count, DeviceArray to) {
        for (int done = 0; done < count; done += STAGE_DOUBLES) {
            int n = Math.min(STAGE_DOUBLES, count - done);
            pinnedStage.write(0, values, done, n);
            check(cuda.runtime().cudaMemcpy(to.pointer().share((long) done * DOUBLE_BYTES), pinnedStage,
                    (long) n * DOUBLE_BYTES, CudaApi.Runtime.MEMCPY_HOST_TO_DEVICE), "cudaMemcpy to the device");
        }
    }

    /** Device values into a host array (through the pinned buffer, in chunks); waits for the GPU. */
    synchronized void download(DeviceArray from, double[] values, int offset, int count) {
        for (int done = 0; done < count; done += STAGE_DOUBLES) {
            int n = Math.min(STAGE_DOUBLES, count - done);
            check(cuda.runtime().cudaMemcpy(pinnedStage, from.pointer().share((long) done * DOUBLE_BYTES),
                    (long) n * DOUBLE_BYTES, CudaApi.Runtime.MEMCPY_DEVICE_TO_HOST), "cudaMemcpy to the host");
            pinnedStage.read(0, values, offset + done, n);
        }
    }

    /**
     * {@code c += a a^T} on the lower triangle of the column-major {@code d x d} matrix {@code c}, where {@code a} is
     * column-major {@code d x n}: the row-major {@code n x d} rows, so {@code c} is their Gram matrix, whose lower
     * column-major triangle is the upper row-major one.
     */
    synchronized void syrkAdd(DeviceArray rows, int n, int d, DeviceArray c) {
        checkCublas(cuda.cublas().cublasDsyrk_v2(cublas, CudaApi.Cublas.FILL_LOWER, CudaApi.Cublas.OP_N, d, n,
                new double[] {1}, rows.pointer(), d, new double[] {1}, c.pointer(), d), "cublasDsyrk");
    }

    /**
     * {@code out = rows . basis^T}: {@code n} row-major rows of dimension {@code d} against {@code k} row-major basis
     * vectors gives the row-major {@code n x k} products (column-major {@code k x n}).
     */
    synchronized void projectStaged(DeviceArray rows, int n, int d, DeviceArray basis, int k, DeviceArray out) {
        checkCublas(cuda.cublas().cublasDgemm_v2(cublas, CudaApi.Cublas.OP_T, CudaApi.Cublas.OP_N, k, n, d,
                new double[] {1}, basis.pointer(), d, rows.pointer(), d, new double[] {0}, out.pointer(), k),
                "cublasDgemm");
    }

    /**
     * All eigenpairs of the symmetric matrix in {@code a} (cuSOLVER {@code dsyevd}): eigenvalues ascending into
     * {@code w}, eigenvectors over {@code a}, one per column-major column (one per row when read row-major).
     */
    synchronized void eigenAll(DeviceArray a, int d, DeviceArray w) {
        IntByReference lwork = new IntByReference();
        checkSolver(cuda.cusolver().cusolverDnDsyevd_bufferSize(cusolver, CudaApi.Cusolver.MODE_VECTOR,
                CudaApi.Cublas.FILL_LOWER, d, a.pointer(), d, w.pointer(), lwork), "cusolverDnDsyevd_bufferSize");
        try (DeviceArray work = allocate(lwork.getValue()); DeviceArray info = allocate(1)) {
            checkSolver(cuda.cusolver().cusolverDnDsyevd(cusolver, CudaApi.Cusolver.MODE_VECTOR,
                    CudaApi.Cublas.FILL_LOWER, d, a.pointer(), d, w.pointer(), work.pointer(), lwork.getValue(),
                    info.pointer()), "cusolverDnDsyevd");
            checkInfo(info, "cusolverDnDsyevd", d);
        }
    }

    /**
     * The {@code k} largest eigenpairs (cuSOLVER {@code dsyevdx} by index): eigenvalues ascending into the first
     * {@code k} values of {@code w}, their eigenvectors into the first {@code k} column-major columns of {@code a}.
     */
    synchronized void eigenTop(DeviceArray a, int d, int k, DeviceArray w) {
        IntByReference lwork = new IntByReference();
        IntByReference found = new IntByReference();
        checkSolver(cuda.cusolver().cusolverDnDsyevdx_bufferSize(cusolver, CudaApi.Cusolver.MODE_VECTOR,
                CudaApi.Cusolver.RANGE_INDEX, CudaApi.Cublas.FILL_LOWER, d, a.pointer(), d, 0, 0, d - k + 1, d, found,
                w.pointer(), lwork), "cusolverDnDsyevdx_bufferSize");
        try (DeviceArray work = allocate(lwork.getValue()); DeviceArray info = allocate(1)) {
            checkSolver(cuda.cusolver().cusolverDnDsyevdx(cusolver, CudaApi.Cusolver.MODE_VECTOR,
                    CudaApi.Cusolver.RANGE_INDEX, CudaApi.Cublas.FILL_LOWER, d, a.pointer(), d, 0, 0, d - k + 1, d,
                    found, w.pointer(), work.pointer(), lwork.getValue(), info.pointer()), "cusolverDnDsyevdx");
            checkInfo(info, "cusolverDnDsyevdx", d);
        }
        if (found.getValue() != k) {
            throw new ArithmeticException("cusolverDnDsyevdx found " + found.getValue() + " of " + k
                    + " eigenpairs (d=" + d + ")");
        }
    }

    /** The solver's device-side info word: 0, or the count of off-diagonal values that did not converge. */
    private void checkInfo(DeviceArray info, String call, int d) {
        int[] word = new int[1];
        check(cuda.runtime().cudaMemcpy(pinnedStage, info.pointer(), Integer.BYTES,
                CudaApi.Runtime.MEMCPY_DEVICE_TO_HOST), "cudaMemcpy to the host");
        pinnedStage.read(0, word, 0, 1);
        if (word[0] != 0) {
            throw new ArithmeticException(call + " did not converge (info " + word[0] + ", d=" + d + ")");
        }
    }

    private void check(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: " + errorString(status));
        }
    }

    private String errorString(int status) {
        return cuda.runtime().cudaGetErrorString(status) + " (CUDA error " + status + ")";
    }

    private static void checkCublas(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: cuBLAS status " + status);
        }
    }

    private static void checkSolver(int status, String call) {
        if (status != 0) {
            throw new CudaException(call + " failed: cuSOLVER status " + status);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        deviceStage.close();
        cuda.runtime().cudaFreeHost(pinnedStage);
        cuda.cusolver().cusolverDnDestroy(cusolver);
        cuda.cublas().cublasDestroy_v2(cublas);
        closed = true;
    }
}
