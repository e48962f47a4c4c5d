package org.poisonscan.triggers.items;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns texts into an {@link ItemTable} of their {@link Tokenizer} tokens (an empty or null text holds none). */
public final class TextItems {
    private TextItems() {
    }

    /** One row per text, in order. */
    public static ItemTable of(List<String> texts) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> vocabulary = new ArrayList<>();
        int[][] rows = new int[texts.size()][];
        for (int i = 0; i < rows.length; i++) {
            String t = texts.get(i);
            var tokens = t == null ? java.util.Set.<String>of() : Tokenizer.tokens(t);
            int[] r = new int[tokens.size()];
            int k = 0;
            for (String tok : tokens) {
                r[k++] = ids.computeIfAbsent(tok, x -> {
                    vocabulary.add(x);
                    return vocabulary.size() - 1;
                });
            }
            rows[i] = r;
        }
        return new ItemTable(vocabulary, rows);
    }
}
