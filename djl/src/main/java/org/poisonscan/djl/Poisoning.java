package org.poisonscan.djl;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Dirty-label backdoor poisoning of an image set and the triggered test set that measures the attack.
 *
 * <p>{@link #poison}: draws {@code round(rate x |target class|)} samples uniformly from the other classes (seeded),
 * stamps the trigger on them and relabels them to the target. The poisoned set keeps the original order and size;
 * {@link Poisoned#poison()} marks the changed samples.
 *
 * @param trigger the trigger
 * @param target the target class
 */
public record Poisoning(Trigger trigger, int target) {

    /** A poisoned training set and its ground truth. */
    public record Poisoned(LabelledTensors data, boolean[] poison, int count) {
        public Poisoned {
            poison = poison.clone();
        }

        /** The ground truth (a copy). */
        @Override
        public boolean[] poison() {
            return poison.clone();
        }
    }

    /** Poisons {@code rate} (relative to the target class's size) of the set with samples taken from other classes. */
    public Poisoned poison(LabelledTensors clean, double rate, long seed) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in [0, 1], got " + rate);
        }
        int[] labels = clean.labels();
        int[] others = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] != target).toArray();
        int count = (int) Math.round(rate * (labels.length - others.length));
        if (count > others.length) {
            throw new IllegalArgumentException("asked for " + count + " poisons from " + others.length + " samples");
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(others.length - i);
            int t = others[i];
            others[i] = others[j];
            others[j] = t;
        }
        float[] values = clean.values();
        boolean[] poison = new boolean[labels.length];
        long[] shape = clean.sampleShape();
        int h = (int) shape[shape.length - 2];
        int w = (int) shape[shape.length - 1];
        for (int i = 0; i < count; i++) {
            int row = others[i];
            trigger.apply(values, row * clean.sampleSize(), h, w);
            labels[row] = target;
            poison[row] = true;
        }
        return new Poisoned(LabelledTensors.wrap(values, shape, labels), poison, count);
    }

    /** The test samples not of the target class, with the trigger stamped (labels kept: the true classes). */
    public LabelledTensors triggeredTest(LabelledTensors test) {
        int[] labels = test.labels();
        int[] rows = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] != target).toArray();
        LabelledTensors others = test.select(rows);
        float[] values = others.values();
        long[] shape = others.sampleShape();
        for (int i = 0; i < others.size(); i++) {
            trigger.apply(values, i * others.sampleSize(), (int) shape[shape.length - 2], (int) shape[shape.length - 1]);
        }
        return LabelledTensors.wrap(values, shape, others.labels());
    }

    /** Share of {@code predictions} equal to the target: the attack success rate on a triggered test set. */
    public double attackSuccessRate(int[] predictions) {
        return predictions.length == 0 ? Double.NaN
                : (double) Arrays.stream(predictions).filter(p -> p == target).count() / predictions.length;
    }
}
