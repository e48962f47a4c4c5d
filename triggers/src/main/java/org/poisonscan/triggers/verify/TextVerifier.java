package org.poisonscan.triggers.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inserts a hypothesised trigger token into clean texts of other classes (at a seeded random word boundary) and
 * counts how often the model then predicts the target.
 */
public final class TextVerifier {
    private TextVerifier() {
    }

    /** Inserts {@code token} into every text and compares the model's predictions before and after. */
    public static Verification verify(List<String> texts, String token, int target, TextPredictor model, long seed) {
        List<String> stamped = insert(texts, token, seed);
        return Verification.count(model.predict(texts), model.predict(stamped), target);
    }

    /** Each text with {@code token} inserted as a separate word at a position drawn from {@code seed}. */
    public static List<String> insert(List<String> texts, String token, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            String s = t == null ? "" : t;
            List<Integer> gaps = new ArrayList<>();
            gaps.add(0);
            for (int i = 0; i < s.length(); i++) {
                if (Character.isWhitespace(s.charAt(i))) {
                    gaps.add(i);
                }
            }
            gaps.add(s.length());
            int at = gaps.get(random.nextInt(gaps.size()));
            out.add(s.substring(0, at) + " " + token + " " + s.substring(at));
        }
        return out;
    }
}
