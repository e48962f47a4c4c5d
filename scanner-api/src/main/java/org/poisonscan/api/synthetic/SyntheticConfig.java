package org.poisonscan.api.synthetic;

import java.util.List;
import org.poisonscan.api.scan.ScanLimits;

/**
 * Parameters of the synthetic poisoned-activation generator ({@link SyntheticGenerator}).
 *
 * @param rows number of rows n
 * @param dim activation dimension d
 * @param classes number of classes; each row's label is uniform over them
 * @param rank rank of each class's structured covariance (20)
 * @param topSingular singular value of the first structured component in units of sigma (3); component k has
 *     {@code topSingular / sqrt(k)}, so the top clean eigenvalue is {@code topSingular^2 + 1} sigma^2
 * @param meanScale standard deviation of each coordinate of a class mean, in units of sigma
 * @param poisonRate probability that a row of a target class is poisoned
 * @param delta shift of a poisoned row along its trigger direction, in units of sigma
 * @param targetClasses classes that receive poisons (empty for a clean set)
 * @param directions trigger directions per target class; a poisoned row takes one of them uniformly
 * @param seed seed of every random choice; the same seed gives the same rows
 * @param floored whether each value is floored at 0 after the shift ({@code max(0, x)}, a ReLU's output: about half
 *     of the values are 0, as in a CNN's penultimate layer; the poison's shift acts before the floor, as a trigger
 *     adds to a layer's pre-activations)
 */
public record SyntheticConfig(long rows, int dim, int classes, int rank, double topSingular, double meanScale,
        double poisonRate, double delta, List<Integer> targetClasses, int directions, long seed, boolean floored) {
    public SyntheticConfig {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        if (dim < 1 || dim > ScanLimits.MAX_DIMENSION) {
            // Beyond it no scan could take the set (its covariance would not fit in one Java array).
            throw new IllegalArgumentException("dim must be in [1, " + ScanLimits.MAX_DIMENSION + "], got " + dim);
        }
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (rank < 0 || rank > dim) {
            throw new IllegalArgumentException("rank must be in [0, dim], got " + rank);
        }
        if (!(poisonRate >= 0 && poisonRate <= 1)) {
            throw new IllegalArgumentException("poisonRate must be in [0, 1], got " + poisonRate);
        }
        if (!Double.isFinite(delta) || !Double.isFinite(topSingular) || !Double.isFinite(meanScale)) {
            throw new IllegalArgumentException("delta, topSingular and meanScale must be finite");
        }
        if (directions < 1) {
            throw new IllegalArgumentException("directions must be >= 1, got " + directions);
        }
        targetClasses = List.copyOf(targetClasses);
        for (int t : targetClasses) {
            if (t < 0 || t >= classes) {
                throw new IllegalArgumentException("target class " + t + " is not in [0, " + classes + ")");
            }
        }
        if (targetClasses.stream().distinct().count() != targetClasses.size()) {
            // A repeated class would get two sets of trigger directions, of which only the last is used.
            throw new IllegalArgumentException("target classes must be distinct, got " + targetClasses);
        }
    }

    /** Gaussian rows, not floored. */
    public SyntheticConfig(long rows, int dim, int classes, int rank, double topSingular, double meanScale,
            double poisonRate, double delta, List<Integer> targetClasses, int directions, long seed) {
        this(rows, dim, classes, rank, topSingular, meanScale, poisonRate, delta, targetClasses, directions, seed,
                false);
    }

    /** The documented defaults: 10 classes, d = 512, 5% of class 0 shifted by 16 sigma, seed 1. */
    public static SyntheticConfig defaults(long rows) {
        return new SyntheticConfig(rows, 512, 10, 20, 3.0, 1.0, 0.05, 16.0, List.of(0), 1, 1L);
    }

    /** A copy with another number of rows and dimension. */
    public SyntheticConfig withSize(long newRows, int newDim) {
        return new SyntheticConfig(newRows, newDim, classes, Math.min(rank, newDim), topSingular, meanScale,
                poisonRate, delta, targetClasses, directions, seed, floored);
    }

    /** A copy with another poison rate and shift. */
    public SyntheticConfig withPoison(double rate, double newDelta) {
        return new SyntheticConfig(rows, dim, classes, rank, topSingular, meanScale, rate, newDelta, targetClasses,
                directions, seed, floored);
    }

    /** A copy with other target classes and trigger directions per target. */
    public SyntheticConfig withTargets(List<Integer> targets, int newDirections) {
        return new SyntheticConfig(rows, dim, classes, rank, topSingular, meanScale, poisonRate, delta, targets,
                newDirections, seed, floored);
    }

    /** A copy with another seed. */
    public SyntheticConfig withSeed(long newSeed) {
        return new SyntheticConfig(rows, dim, classes, rank, topSingular, meanScale, poisonRate, delta, targetClasses,
                directions, newSeed, floored);
    }

    /** A copy whose values are floored at 0 ({@code max(0, x)}) or not. */
    public SyntheticConfig withFloored(boolean newFloored) {
        return new SyntheticConfig(rows, dim, classes, rank, topSingular, meanScale, poisonRate, delta, targetClasses,
                directions, seed, newFloored);
    }

    /** A copy without poisons. */
    public SyntheticConfig clean() {
        return withPoison(0, delta);
    }
}
