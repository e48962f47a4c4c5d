package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.image.PixelTestSettings;

/** The settings records refuse permutation counts that no p-value could come from. */
class TriggerSettingsTest {
    @Test
    void negativePermutationsAreRefusedLikeZero() {
        for (int n : new int[] {0, -1, -2, -5, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TriggerSettings.defaults().withPermutations(n), "permutations " + n);
            assertEquals(n + " permutations cannot give a p-value below alpha 0.01; use at least 100", e.getMessage());
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                    () -> new PixelTestSettings(0.01, 0.5, n, 1), "pixel permutations " + n);
            assertEquals(e.getMessage(), p.getMessage());
        }
        assertEquals(100, new PixelTestSettings(0.01, 0.5, 100, 1).permutations());
        assertEquals(100, TriggerSettings.defaults().withPermutations(100).permutations());
    }
}
