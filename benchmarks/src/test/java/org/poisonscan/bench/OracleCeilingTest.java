package org.poisonscan.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;

class OracleCeilingTest {
    @Test
    void recallWithinABudgetAndAurocCountFromTheSortedScores() {
        double[] poisons = {0.5, 2, 3, 4};
        double[] clean = {-1, 0, 1, 2.5, 3.5};
        assertEquals(0.25, OracleCeiling.recallWithin(poisons, clean, 0), 1e-12, "above 3.5 only");
        assertEquals(0.5, OracleCeiling.recallWithin(poisons, clean, 1), 1e-12, "above 2.5");
        assertEquals(1.0, OracleCeiling.recallWithin(poisons, clean, 5), 1e-12, "budget covers every clean row");
        // Wins: 0.5 beats 2 clean rows, 2 beats 3, 3 beats 4, 4 beats 5 -> 14 of 20; a tie counts a half.
        assertEquals(14 / 20.0, OracleCeiling.auroc(poisons, clean), 1e-12);
        assertEquals(1.5 / 2, OracleCeiling.auroc(new double[] {1}, new double[] {0, 1}), 1e-12);
    }

    @Test
    void aStrongTriggerIsWithinReachAndAWeakOneIsNot() throws IOException {
        SyntheticConfig base = SyntheticConfig.defaults(20_000).withSize(20_000, 32);
        SyntheticGenerator strong = new SyntheticGenerator(base.withPoison(0.05, 16));
        OracleCeiling s = OracleCeiling.of(strong, strong.toMemory());
        assertEquals(1.0, s.recallAtFprTenth(), 1e-12);
        SyntheticGenerator weak = new SyntheticGenerator(base.withPoison(0.05, 1));
        OracleCeiling w = OracleCeiling.of(weak, weak.toMemory());
        assertTrue(w.recallAtFprOne() < 0.5, "a one-sigma shift hides in the class: " + w);
        assertTrue(w.separation() < s.separation());
    }
}
