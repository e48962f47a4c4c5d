package org.poisonscan.triggers.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.poisonscan.triggers.items.Tokenizer;

/**
 * Binary bag-of-words features: the {@code size} tokens with the highest document frequency in the training texts
 * (ties by token), and per text a 0/1 value per vocabulary token. Uses the same {@link Tokenizer} as the trigger
 * analysis, so a token the model reads is a token the analysis can name.
 */
public final class BagOfWords {
    private final List<String> vocabulary;
    private final Map<String, Integer> index = new HashMap<>();

    private BagOfWords(List<String> vocabulary) {
        this.vocabulary = List.copyOf(vocabulary);
        for (int i = 0; i < vocabulary.size(); i++) {
            index.put(vocabulary.get(i), i);
        }
    }

    /** The vocabulary of the {@code size} most frequent tokens (by documents) of {@code texts}. */
    public static BagOfWords fit(List<String> texts, int size) {
        Map<String, Integer> df = new HashMap<>();
        for (String t : texts) {
            for (String tok : Tokenizer.tokens(t)) {
                df.merge(tok, 1, Integer::sum);
            }
        }
        List<String> tokens = new ArrayList<>(df.keySet());
        tokens.sort(Comparator.comparingInt((String s) -> -df.get(s)).thenComparing(Comparator.naturalOrder()));
        return new BagOfWords(tokens.subList(0, Math.min(size, tokens.size())));
    }

    /** Vocabulary size. */
    public int size() {
        return vocabulary.size();
    }

    /** Whether {@code token} is in the vocabulary. */
    public boolean contains(String token) {
        return index.containsKey(token);
    }

    /** Row-major {@code texts.size() x size()} 0/1 features. */
    public float[] features(List<String> texts) {
        int v = vocabulary.size();
        float[] out = new float[texts.size() * v];
        for (int i = 0; i < texts.size(); i++) {
            for (String tok : Tokenizer.tokens(texts.get(i))) {
                Integer j = index.get(tok);
                if (j != null) {
                    out[i * v + j] = 1f;
                }
            }
        }
        return out;
    }
}
