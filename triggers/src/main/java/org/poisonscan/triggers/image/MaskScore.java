package org.poisonscan.triggers.image;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Scores a hypothesised mask against a known trigger, as the literature does (Neural Cleanse and later): the Jaccard
 * index of the mask's top-k pixels, k the trigger's area, against the trigger's pixels.
 */
public final class MaskScore {
    private MaskScore() {
    }

    /** The indices of the {@code k} largest values (largest first; ties by lower index). */
    public static int[] top(float[] mask, int k) {
        return IntStream.range(0, mask.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -mask[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** |A n B| / |A u B| of two pixel index sets (1 when both are empty). */
    public static double jaccard(int[] a, int[] b) {
        Set<Integer> sa = new HashSet<>();
        Arrays.stream(a).forEach(sa::add);
        Set<Integer> union = new HashSet<>(sa);
        Arrays.stream(b).forEach(union::add);
        long inter = Arrays.stream(b).distinct().filter(sa::contains).count();
        return union.isEmpty() ? 1 : (double) inter / union.size();
    }

    /** Jaccard index of the mask's top-{@code truth.length} pixels against {@code truth}. */
    public static double topKJaccard(float[] mask, int[] truth) {
        return jaccard(top(mask, truth.length), truth);
    }

    /** The pixels of a {@code size x size} square in the bottom-right corner of a height x width image (BadNets). */
    public static int[] bottomRightSquare(int size, int height, int width) {
        int[] out = new int[size * size];
        int k = 0;
        for (int r = height - size; r < height; r++) {
            for (int c = width - size; c < width; c++) {
                out[k++] = r * width + c;
            }
        }
        return out;
    }
}
