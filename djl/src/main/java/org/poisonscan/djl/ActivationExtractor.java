package org.poisonscan.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.io.numpy.NpzWriter;

/**
 * Runs a {@link FeatureLayer} over a dataset in batches and collects one float32 row per sample into an
 * {@link InMemorySource} (labels from the dataset, optional ground truth) or an {@code .npz} file.
 *
 * <p>Each batch lives in its own child {@link NDManager}, so native memory stays at one batch whatever the dataset
 * size; the collected activations ({@code n x d} floats) are on the Java heap.
 */
public final class ActivationExtractor {
    private final FeatureLayer layer;
    private final NDManager manager;
    private final int batchSize;
    private final ProgressListener progress;

    /**
     * @param layer what to run
     * @param manager the model's manager (batches are allocated in child managers)
     * @param batchSize samples per forward pass, at least 1
     * @param progress progress receiver
     */
    public ActivationExtractor(FeatureLayer layer, NDManager manager, int batchSize, ProgressListener progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.layer = Objects.requireNonNull(layer, "layer");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.batchSize = batchSize;
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Extracts the activations of every sample.
     *
     * @param data the inputs and their labels
     * @param poison ground truth per sample, or {@code null}
     * @param description the source's description
     * @return one row per sample, in dataset order
     */
    public InMemorySource extract(LabelledTensors data, boolean[] poison, String description) {
        if (data.size() == 0) {
            throw new IllegalArgumentException(description + ": no samples to extract");
        }
        float[] features = rows(data);
        return new InMemorySource(features, features.length / data.size(), data.labels(), poison, description);
    }

    /** The activations of every sample, row-major, {@code n x d} values (empty for an empty set). */
    public float[] rows(LabelledTensors data) {
        int n = data.size();
        long[] sample = data.sampleShape();
        float[] batch = new float[Math.min(batchSize, Math.max(n, 1)) * data.sampleSize()];
        float[] features = null;
        int dim = -1;
        ParameterStore parameters = new ParameterStore(manager, false);
        for (int start = 0; start < n; start += batchSize) {
            int rows = Math.min(batchSize, n - start);
            for (int i = 0; i < rows; i++) {
                data.copySample(start + i, batch, i * data.sampleSize());
            }
            try (NDManager scope = manager.newSubManager()) {
                long[] shape = new long[sample.length + 1];
                shape[0] = rows;
                System.arraycopy(sample, 0, shape, 1, sample.length);
                NDArray x = scope.create(java.nio.FloatBuffer.wrap(batch, 0, rows * data.sampleSize()),
                        new Shape(shape));
                NDArray out = layer.forward(parameters, new NDList(x)).reshape(rows, -1);
                float[] values = out.toFloatArray();
                if (features == null) {
                    dim = values.length / rows;
                    features = new float[Math.multiplyExact(n, dim)];
                } else if (values.length != rows * dim) {
                    throw new IllegalStateException("the layer returned " + values.length / rows
                            + " values per sample after " + dim + " for earlier batches");
                }
                System.arraycopy(values, 0, features, start * dim, values.length);
            }
            progress.progress(start + rows, n);
        }
        return features == null ? new float[0] : features;
    }

    /**
     * Extracts the activations and writes them as an {@code .npz} ({@code X}, {@code y} and, with ground truth,
     * {@code poison}; see {@link NpzWriter}).
     */
    public InMemorySource extractTo(LabelledTensors data, boolean[] poison, Path npz) throws IOException {
        InMemorySource source = extract(data, poison, npz.getFileName().toString());
        NpzWriter.write(source, npz);
        return source;
    }
}
