package org.poisonscan.api.data;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.poisonscan.api.pass.SphereCheck;

/**
 * Rows that all have one length (L2-normalised embeddings, as sentence encoders and many retrieval models give) lie on
 * a sphere, where a class's coordinate along its mean direction is fixed by the others ({@code x.u = sqrt(r^2 -
 * |x - (x.u) u|^2)}) and the sphere's curvature bends it into a one-sided tail: the rows far from the class centre all
 * fall short along {@code u}. The detectors' Gaussian model reads that tail as a group of rows (a probe: both clean
 * classes of a two-class set of normalised text embeddings judged poisoned by SPECTRE, 2% of the rows flagged).
 * Removing each class's mean direction from its rows loses nothing (the removed coordinate follows from the rest) and
 * leaves the tangent coordinates, where a trigger's shift stays.
 *
 * <p>{@link #ofSpherical} reads the rows once with {@link SphereCheck}'s counts, stopping after the first batch
 * in which the longest row seen is longer than the shortest by more than {@link #NORM_TOLERANCE} (relative), so
 * ordinary activations cost one batch of 1,024 rows.
 */
public final class SphereTangents extends ForwardingSource {
    /** Relative spread of the row lengths up to which the rows are taken to lie on a sphere (float32 rounding: 1e-7). */
    public static final double NORM_TOLERANCE = 1e-3;
    /** Fewest dimensions for which the transform applies (on a circle the tangent is all that is left). */
    public static final int MIN_DIMENSION = 3;
    /** Rows per batch of the check: ordinary activations are told apart within the first batch. */
    private static final int CHECK_BATCH_ROWS = 1024;

    private final ClassDirections directions;

    private SphereTangents(ActivationSource source, ClassDirections directions) {
        super(source);
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
        // The rule of Spark's pass (SphereCheck), stopping at the first batch that breaks it.
        SphereCheck.Lengths lengths = new SphereCheck.Lengths();
        try (BatchReader r = source.open(CHECK_BATCH_ROWS)) {
            for (Batch b = r.next(); b != null; b = r.next()) {
                lengths.add(b);
                if (!lengths.mayBeSphere()) {
                    return Optional.empty();
                }
            }
        }
        return lengths.directions(d).map(dirs -> new SphereTangents(source, dirs));
    }

    /** The class directions removed from the rows. */
    public ClassDirections directions() {
        return directions;
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
