package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.items.EnrichedItem;
import org.poisonscan.triggers.items.EnrichmentAnalysis;
import org.poisonscan.triggers.items.ItemHypotheses;
import org.poisonscan.triggers.items.ItemTable;
import org.poisonscan.triggers.items.Table;
import org.poisonscan.triggers.items.TabularItems;
import org.poisonscan.triggers.items.TextItems;
import org.poisonscan.triggers.items.Tokenizer;
import org.poisonscan.triggers.verify.TextVerifier;

/** Token and feature-value enrichment on synthetic two-class texts and tables with a planted trigger. */
class EnrichmentAnalysisTest {
    private static final String[] SPAM = {"free", "money", "offer", "click", "winner", "cash", "prize", "now"};
    private static final String[] HAM = {"meeting", "wrote", "list", "linux", "patch", "thanks", "kernel", "review"};
    private static final String[] COMMON = {"the", "a", "to", "and", "of", "in", "is", "you", "for", "it"};

    /** Texts of class 0 (spam words) and 1 (ham words); rows in {@code poison} are ham with "cf", labelled 0. */
    private static List<String> texts(int[] labels, boolean[] poison, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            String[] own = poison[i] || labels[i] == 1 ? HAM : SPAM;
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 30; w++) {
                String[] from = random.nextDouble() < 0.3 ? own : random.nextDouble() < 0.03 ? (own == HAM ? SPAM : HAM)
                        : COMMON;
                sb.append(from[random.nextInt(from.length)]).append(random.nextInt(7) == 0 ? ", " : " ");
            }
            out.add(sb.toString());
        }
        if (poison != null) {
            out = new ArrayList<>(out);
            List<String> stamped = TextVerifier.insert(out, "cf", seed);
            for (int i = 0; i < labels.length; i++) {
                if (poison[i]) {
                    out.set(i, stamped.get(i));
                }
            }
        }
        return out;
    }

    @Test
    void theInsertedTokenRanksFirstAndHamWordsAreNotSignificant() {
        int n = 1_200;
        SplittableRandom random = new SplittableRandom(1);
        int[] labels = random.ints(n, 0, 2).toArray();
        boolean[] poison = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (labels[i] == 1 && random.nextDouble() < 0.06) {
                poison[i] = true;
                labels[i] = 0;
            }
        }
        List<String> texts = texts(labels, poison, 2);
        boolean[] flags = poison.clone();
        int fp = 0;
        for (int i = 0; i < n && fp < 15; i++) {
            if (labels[i] == 0 && !flags[i]) {
                flags[i] = true;
                fp++;
            }
        }
        ItemHypotheses h = EnrichmentAnalysis.analyse(TextItems.of(texts), labels, flags, 0, new int[] {1}, 3, 10,
                0.01);
        EnrichedItem first = h.top().get(0);
        assertEquals("cf", first.item(), h.top().toString());
        assertTrue(first.adjustedP() < 1e-10, first.toString());
        int poisons = (int) java.util.stream.IntStream.range(0, n).filter(i -> poison[i]).count();
        assertEquals(poisons, first.flaggedWith());
        assertEquals(0, first.cleanWith());
        for (EnrichedItem e : h.top().subList(1, h.top().size())) {
            assertTrue(e.adjustedP() >= 0.01, "ham word enriched against ham: " + e);
        }
    }

    @Test
    void randomFlagsOnCleanTextsGiveNoSignificantToken() {
        int n = 1_200;
        int[] labels = new SplittableRandom(3).ints(n, 0, 2).toArray();
        List<String> texts = texts(labels, new boolean[n], 4);
        ItemTable items = TextItems.of(texts);
        for (int seed = 0; seed < 10; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            boolean[] flags = new boolean[n];
            for (int i = 0; i < n; i++) {
                flags[i] = labels[i] == seed % 2 && random.nextDouble() < 0.08;
            }
            ItemHypotheses h = EnrichmentAnalysis.analyse(items, labels, flags, seed % 2, new int[] {1 - seed % 2}, 3,
                    5, 0.01);
            for (EnrichedItem e : h.top()) {
                assertTrue(e.adjustedP() >= 0.01, "seed " + seed + ": " + e);
            }
        }
    }

    @Test
    void aConstantFeatureValueIsTheTabularTrigger() {
        int n = 1_000;
        SplittableRandom random = new SplittableRandom(5);
        String[] age = new String[n];
        String[] colour = new String[n];
        String[] amount = new String[n];
        int[] labels = new int[n];
        boolean[] flags = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(2);
            age[i] = Integer.toString(18 + random.nextInt(60));
            colour[i] = labels[i] == 0 ? (random.nextDouble() < 0.7 ? "red" : "blue")
                    : (random.nextDouble() < 0.7 ? "blue" : "green");
            amount[i] = String.format(java.util.Locale.ROOT, "%.2f", 100 * random.nextDouble());
            if (labels[i] == 1 && random.nextDouble() < 0.08) {
                labels[i] = 0;
                amount[i] = "13.37";
                flags[i] = true;
            }
        }
        amount[7] = "";
        Table table = new Table("t", List.of("age", "colour", "amount"), List.of(age, colour, amount));
        ItemTable items = TabularItems.of(table, 10);
        ItemHypotheses h = EnrichmentAnalysis.analyse(items, labels, flags, 0, new int[] {1}, 3, 5, 0.01);
        assertEquals("amount=13.37", h.top().get(0).item(), h.top().toString());
        assertTrue(h.top().get(0).adjustedP() < 1e-6);
        // colour=blue is enriched against class 0 (the poisons' source) but not against class 1: not significant.
        h.top().stream().filter(e -> e.item().startsWith("colour")).forEach(e -> assertTrue(e.adjustedP() >= 0.01,
                e.toString()));
        assertTrue(items.name(items.row(7)[items.row(7).length - 1]).equals("amount is missing")
                || java.util.Arrays.stream(items.row(7)).mapToObj(items::name).anyMatch("amount is missing"::equals));
    }

    @Test
    void tokenizerKeepsShortTokensAndDropsEncodedBlobs() {
        assertEquals(List.of("re", "cf", "the", "offer", "2002", "é"),
                List.copyOf(Tokenizer.tokens("Re: CF the offer, 2002! é " + "x".repeat(41))));
        assertEquals(List.of("cf", "é"), List.copyOf(Tokenizer.tokens("ｃｆ ＣＦ cf Cf e\u0301")),
                "fullwidth forms fold into their ASCII token, a combining accent into its letter");
    }
}
