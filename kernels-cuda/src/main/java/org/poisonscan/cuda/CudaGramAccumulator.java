package org.poisonscan.cuda;

import org.poisonscan.api.backend.GramAccumulator;

/**
 * X^T X on the GPU by cuBLAS {@code dsyrk} into a double-precision {@code d x d} triangle that stays on the device
 * until {@link #gram()}. Each call's rows are widened to double on the host (the column sums are taken there in the
 * same sweep) and sent in blocks of up to {@link CudaDevice#STAGE_DOUBLES} values, so a call of any size needs no
 * more device memory than the staging buffer.
 */
final class CudaGramAccumulator implements GramAccumulator {
    private final CudaDevice device;
    private final int dim;
    private final double[] sums;
    private DeviceArray triangle;
    private long count;

    CudaGramAccumulator(CudaDevice device, int dim) {
        this.device = device;
        this.dim = GramAccumulator.requireDim(dim);
        if ((long) dim > CudaDevice.STAGE_DOUBLES) {
            throw new IllegalArgumentException("d=" + dim + " exceeds the GPU staging buffer's "
                    + CudaDevice.STAGE_DOUBLES + " values per row");
        }
        this.sums = new double[dim];
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public void add(float[] rows, int n) {
        GramAccumulator.requireRows(rows, n, dim);
        addRows(rows, null, n, null);
    }

    @Override
    public void addShifted(float[] features, int[] rows, float[] shift) {
        addRows(features, rows, rows.length, shift);
    }

    /** Rows {@code 0..n-1} of {@code features}, or those listed in {@code index}; minus {@code shift} when given. */
    private void addRows(float[] features, int[] index, int n, float[] shift) {
        if (n == 0) {
            return;
        }
        int perBlock = CudaDevice.STAGE_DOUBLES / dim;
        synchronized (device) {
            if (triangle == null) {
                triangle = device.allocate((long) dim * dim);
                device.zero(triangle);
            }
            double[] stage = device.stage();
            for (int first = 0; first < n; first += perBlock) {
                int block = Math.min(perBlock, n - first);
                for (int r = 0; r < block; r++) {
                    int src = (index == null ? first + r : index[first + r]) * dim;
                    int dst = r * dim;
                    for (int i = 0; i < dim; i++) {
                        // The subtraction in float (one rounding, as GramAccumulator documents), then exact widening.
                        double v = shift == null ? features[src + i] : features[src + i] - shift[i];
                        stage[dst + i] = v;
                        sums[i] += v;
                    }
                }
                device.syrkAdd(device.uploadStage(block * dim), block, dim, triangle);
            }
        }
        count += n;
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public double[] gram() {
        if (triangle == null) {
            return new double[dim * dim];
        }
        double[] lower = new double[dim * dim];
        device.download(triangle, lower, 0, dim * dim);
        // The column-major lower triangle is the row-major upper one.
        return GramAccumulator.symmetricFromUpper(lower, dim, dim);
    }

    @Override
    public double[] columnSums() {
        return sums.clone();
    }

    @Override
    public void close() {
        if (triangle != null) {
            triangle.close();
            triangle = null;
        }
    }
}
