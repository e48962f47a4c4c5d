package org.poisonscan.bench;

import java.util.List;
import org.poisonscan.api.synthetic.SyntheticConfig;

/**
 * One cell of the detection-quality grid: a family of synthetic sets (one per seed) that differ only in the seed.
 *
 * @param scenario what the cell tests (low rate, several directions, two poisoned classes, clean)
 * @param rate poison rate within each target class
 * @param delta shift in noise sigmas
 * @param targets poisoned classes
 * @param directions trigger directions per target class
 * @param floored whether the rows are floored at 0 (a ReLU's output; {@link SyntheticConfig#floored()})
 */
record QualityCell(String scenario, double rate, double delta, List<Integer> targets, int directions,
        boolean floored) {

    /** A cell of Gaussian rows. */
    QualityCell(String scenario, double rate, double delta, List<Integer> targets, int directions) {
        this(scenario, rate, delta, targets, directions, false);
    }

    /** The generator configuration of this cell for one seed. */
    SyntheticConfig config(long rows, int dim, long seed) {
        return SyntheticConfig.defaults(rows).withSize(rows, dim).withPoison(rate, delta)
                .withTargets(rate > 0 ? targets : List.of(), directions).withSeed(seed).withFloored(floored);
    }

    /** Whether the cell has ceiling rows: poisons, and Gaussian rows (the oracle's test assumes them). */
    boolean hasCeiling() {
        return !clean() && !floored;
    }

    boolean clean() {
        return rate == 0;
    }
}
