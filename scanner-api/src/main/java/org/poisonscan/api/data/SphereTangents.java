package org.poisonscan.api.data;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rows that all have one length (L2-normalised embeddings, as sentence encoders and many retrieval models give) lie on
 * a sphere, where a class's coordinate along its mean direction is fixed by the others ({@code x.u = sqrt(r^2 -
 * |x - (x.u) u|^2)}) and the sphere's curvature bends it into a one-sided tail: the rows far from the class centre all
 * fall short along {@code u}. The detectors' Gaussian model reads that tail as a group of rows (a probe: both clean
 * classes of a two-class set of normalised text embeddings judged poisoned by SPECTRE, 2% of the rows flagged).
 * Removing each class's mean direction from its rows loses nothing (the removed coordinate follows from the rest) and
 * leaves the tangent coordinates, where a trigger's shift stays.
 *
 * <p>{@link #ofSpherical} reads the rows once, stopping as soon as the longest row seen is longer than the shortest by
 * more than {@link #NORM_TOLERANCE} (relative), so ordinary activations cost a row or two.
 */
public final class SphereTangents implements ActivationSource {
    /** Relative spread of the row lengths up to which the rows are taken to lie on a sphere (float32 rounding: 1e-7). */
    public static final double NORM_TOLERANCE = 1e-3;
    /** Fewest dimensions for which the transform applies (on a circle the tangent is all that is left). */
    public static final int MIN_DIMENSION = 3;

    private final ActivationSource source;
    private final ClassDirections directions;

    private SphereTangents(ActivationSource source, ClassDirections directions) {
        this.source = source;
        this.directions = directions;
    }

    /**
     * {@code source} with each class's mean direction removed, when every row has the same length; empty otherwise.
     */
    public static Optional<SphereTangents> ofSpherical(ActivationSource source) throws IOException {
        Objects.requireNonNull(source, "source");
        int d = source.dimension();
        if (d < MIN_DIMENSION || source.rowCount() == 0) {
            return Optional.empty();
        }
        Map<Integer, double[]> sums = new HashMap<>();
        double shortest = Double.POSITIVE_INFINITY;
        double longest = 0;
        try (BatchReader r = source.open(4096)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                float[] f = b.features();
                for (int i = 0; i < b.rows(); i++) {
                    int off = b.offset(i);
                    double sq = 0;
                    for (int k = 0; k < d; k++) {
                        sq += (double) f[off + k] * f[off + k];
                    }
                    double length = Math.sqrt(sq);
                    shortest = Math.min(shortest, length);
                    longest = Math.max(longest, length);
                    // The rule of SphereCheck (Spark's pass), stopping as soon as it cannot hold.
                    if (!(shortest > 0) || longest - shortest > NORM_TOLERANCE * shortest) {
                        return Optional.empty();
                    }
                    double[] sum = sums.computeIfAbsent(b.labels()[i], k -> new double[d]);
                    for (int k = 0; k < d; k++) {
                        sum[k] += f[off + k];
                    }
                }
            }
        }
        return Optional.of(new SphereTangents(source, ClassDirections.fromSums(sums, shortest)));
    }

    /** The class directions removed from the rows. */
    public ClassDirections directions() {
        return directions;
    }

    @Override
    public int dimension() {
        return source.dimension();
    }

    @Override
    public long rowCount() {
        return source.rowCount();
    }

    @Override
    public boolean hasGroundTruth() {
        return source.hasGroundTruth();
    }

    @Override
    public String description() {
        return source.description();
    }

    @Override
    public boolean valuesChecked() {
        return source.valuesChecked();
    }

    @Override
    public Optional<String> className(int label) {
        return source.className(label);
    }

    @Override
    public BatchReader open(int maxBatchRows) throws IOException {
        BatchReader reader = source.open(maxBatchRows);
        ClassDirections.Projector projector = directions.projector();
        return new BatchReader() {
            @Override
            public Batch next() throws IOException {
                Batch b = reader.next();
                return b == null ? null : projector.apply(b);
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
