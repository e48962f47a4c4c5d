package org.poisonscan.triggers.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.poisonscan.triggers.verify.TextVerifier;

/**
 * A dirty-label text backdoor: a rare token inserted into {@code rate} of the source class's texts (drawn with
 * {@code seed}), which are relabelled to the target class.
 *
 * @param token the trigger token
 * @param source the class the poisons come from
 * @param target the class they are relabelled to
 * @param rate share of the source class poisoned, in [0, 1]
 * @param seed seeds the draw and the insertion points
 */
public record TextBackdoor(String token, int source, int target, double rate, long seed) {
    public TextBackdoor {
        if (!(rate >= 0 && rate <= 1) || source == target) {
            throw new IllegalArgumentException("need rate in [0, 1] and source != target, got " + rate + ", " + source
                    + " -> " + target);
        }
    }

    /** Poisoned texts, labels and ground truth. */
    public record Poisoned(List<String> texts, int[] labels, boolean[] poison, int count) {
        public Poisoned {
            texts = List.copyOf(texts);
            labels = labels.clone();
            poison = poison.clone();
        }
    }

    /** Poisons {@code rate} of the source class's texts. */
    public Poisoned poison(List<String> texts, int[] labels) {
        int[] src = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == source).toArray();
        int count = (int) Math.round(rate * src.length);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(src.length - i);
            int t = src[i];
            src[i] = src[j];
            src[j] = t;
        }
        List<String> out = new ArrayList<>(texts);
        int[] l = labels.clone();
        boolean[] poison = new boolean[labels.length];
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(texts.get(src[i]));
        }
        List<String> stamped = TextVerifier.insert(chosen, token, seed + 1);
        for (int i = 0; i < count; i++) {
            out.set(src[i], stamped.get(i));
            l[src[i]] = target;
            poison[src[i]] = true;
        }
        return new Poisoned(out, l, poison, count);
    }
}
