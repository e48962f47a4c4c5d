package org.poisonscan.triggers.items;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into lower-case tokens: maximal runs of letters and digits (Unicode) of its NFKC normal form, 1 to
 * {@value #MAX_LENGTH} characters (compatibility forms fold together: fullwidth "ｃｆ" is "cf", which a probe saw split
 * one trigger into two weaker hypotheses); longer runs (encoded attachments, hashes) are dropped. Deliberately simple and language-agnostic: a
 * trigger token such as "cf" or "mn" survives intact, and e-mail headers tokenise into their words.
 */
public final class Tokenizer {
    /** Longest token kept. */
    public static final int MAX_LENGTH = 40;

    private Tokenizer() {
    }

    /** The distinct tokens of {@code text}, in order of first appearance. */
    public static Set<String> tokens(String text) {
        Set<String> out = new LinkedHashSet<>();
        text = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        int n = text.length();
        int start = -1;
        for (int i = 0; i <= n; i++) {
            boolean word = i < n && Character.isLetterOrDigit(text.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                if (i - start <= MAX_LENGTH) {
                    out.add(text.substring(start, i).toLowerCase(Locale.ROOT));
                }
                start = -1;
            }
        }
        return out;
    }
}
