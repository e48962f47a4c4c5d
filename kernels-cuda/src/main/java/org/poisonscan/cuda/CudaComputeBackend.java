package org.poisonscan.cuda;

import org.poisonscan.api.backend.ComputeBackend;
import org.poisonscan.api.backend.GramAccumulator;
import org.poisonscan.api.backend.JavaComputeBackend;
import org.poisonscan.api.backend.SymmetricEigen;

/**
 * The GPU backend: cuBLAS {@code dsyrk} for Gram accumulation, {@code dgemm} for projections, cuSOLVER
 * {@code dsyevd}/{@code dsyevdx} for eigen-decompositions, all in double precision. Work too small to repay a
 * transfer and a kernel launch runs on the pure-Java kernels instead (the sizes below).
 */
public final class CudaComputeBackend implements ComputeBackend {
    /** The name users select this backend by. */
    public static final String NAME = "cuda";
    /** Gram accumulation of narrower rows runs in Java (activation clustering's reduced rows, d = 10). */
    static final int GPU_MIN_GRAM_DIM = 64;
    /** Full eigen-decompositions below this dimension run in Java. */
    static final int GPU_MIN_EIGEN_DIM = 256;
    /** Top-k eigen-decompositions below this dimension run in Java. */
    static final int GPU_MIN_TOP_EIGEN_DIM = 128;
    /** Projections run on the GPU onto at least this many directions ... */
    static final int GPU_MIN_PROJECT_K = 8;
    /** ... and with at least this many multiply-adds. */
    static final long GPU_MIN_PROJECT_WORK = 1L << 24;
    private static final JavaComputeBackend JAVA = new JavaComputeBackend();

    private final CudaDevice device;

    CudaComputeBackend(CudaDevice device) {
        this.device = device;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String describe() {
        return "CUDA: " + device.description() + "; double precision";
    }

    @Override
    public GramAccumulator newGramAccumulator(int dim) {
        return dim < GPU_MIN_GRAM_DIM ? JAVA.newGramAccumulator(dim) : new CudaGramAccumulator(device, dim);
    }

    @Override
    public SymmetricEigen symmetricEigen(double[] matrix, int dim) {
        requireSquare(matrix, dim);
        if (dim < GPU_MIN_EIGEN_DIM) {
            return JAVA.symmetricEigen(matrix, dim);
        }
        double[] values = new double[dim];
        double[] vectors = new double[dim * dim];
        synchronized (device) {
            try (DeviceArray a = device.allocate((long) dim * dim); DeviceArray w = device.allocate(dim)) {
                device.upload(matrix, dim * dim, a);
                device.eigenAll(a, dim, w);
                device.download(w, values, 0, dim);
                device.download(a, vectors, 0, dim * dim);
            }
        }
        return SymmetricEigen.sortedAndSigned(values, vectors, dim);
    }

    @Override
    public SymmetricEigen topEigen(double[] matrix, int dim, int k) {
        requireSquare(matrix, dim);
        if (k < 1 || k > dim) {
            throw new IllegalArgumentException("k must be in [1, " + dim + "], got " + k);
        }
        if (dim < GPU_MIN_TOP_EIGEN_DIM) {
            return JAVA.topEigen(matrix, dim, k);
        }
        double[] values = new double[k];
        double[] vectors = new double[k * dim];
        synchronized (device) {
            try (DeviceArray a = device.allocate((long) dim * dim); DeviceArray w = device.allocate(dim)) {
                device.upload(matrix, dim * dim, a);
                device.eigenTop(a, dim, k, w);
                device.download(w, values, 0, k);
                device.download(a, vectors, 0, k * dim);
            }
        }
        return SymmetricEigen.top(values, vectors, dim);
    }

    @Override
    public void project(float[] rows, int n, int dim, double[] center, double[] basis, int k, double[] out) {
        if (!onGpu(n, dim, k)) {
            JAVA.project(rows, n, dim, center, basis, k, out);
            return;
        }
        projectOnGpu(rows, null, n, dim, center, basis, k, out);
    }

    @Override
    public void projectRows(float[] features, int dim, int[] rows, double[] center, double[] basis, int k,
            double[] out) {
        if (!onGpu(rows.length, dim, k)) {
            JAVA.projectRows(features, dim, rows, center, basis, k, out);
            return;
        }
        projectOnGpu(features, rows, rows.length, dim, center, basis, k, out);
    }

    private static boolean onGpu(int n, int dim, int k) {
        return k >= GPU_MIN_PROJECT_K && (long) n * dim * k >= GPU_MIN_PROJECT_WORK
                && (long) k * dim <= CudaDevice.STAGE_DOUBLES;
    }

    /**
     * Rows {@code 0..n-1} of {@code features}, or those in {@code index}, projected in blocks: the products
     * {@code x . b_j} on the GPU, then {@code center . b_j} subtracted on the host (as the Java kernel does).
     */
    private void projectOnGpu(float[] features, int[] index, int n, int dim, double[] center, double[] basis, int k,
            double[] out) {
        double[] offsets = ComputeBackend.centerProducts(center, basis, dim, k);
        int perBlock = CudaDevice.STAGE_DOUBLES / dim;
        synchronized (device) {
            try (DeviceArray b = device.allocate((long) k * dim);
                    DeviceArray products = device.allocate((long) Math.min(perBlock, n) * k)) {
                device.upload(basis, k * dim, b);
                double[] stage = device.stage();
                for (int first = 0; first < n; first += perBlock) {
                    int block = Math.min(perBlock, n - first);
                    for (int r = 0; r < block; r++) {
                        int src = (index == null ? first + r : index[first + r]) * dim;
                        for (int i = 0; i < dim; i++) {
                            stage[r * dim + i] = features[src + i];
                        }
                    }
                    device.projectStaged(device.uploadStage(block * dim), block, dim, b, k, products);
                    device.download(products, out, first * k, block * k);
                }
            }
        }
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < k; j++) {
                out[r * k + j] -= offsets[j];
            }
        }
    }

    private static void requireSquare(double[] matrix, int dim) {
        if (matrix.length != dim * dim) {
            throw new IllegalArgumentException("matrix has " + matrix.length + " values, expected " + dim * dim);
        }
    }

    @Override
    public void close() {
        device.close();
    }
}
