package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.poisonscan.api.data.InMemorySource;
import org.poisonscan.api.synthetic.SyntheticConfig;
import org.poisonscan.api.synthetic.SyntheticGenerator;
import org.poisonscan.djl.ActivationScan;

class UnexplainedFlagsTest {
    private static final InMemorySource SET = new SyntheticGenerator(SyntheticConfig.defaults(20_000)
            .withSize(20_000, 32).withPoison(0.05, 16).withSeed(4)).toMemory();

    /** The default scan's flags, plus every row of class 0 beyond its poisons flagged at random (a detector's tail). */
    private static boolean[] flags(int extraEvery) {
        boolean[] flags = ActivationScan.defaults().scan(SET).flags();
        for (int i = 0; i < flags.length; i += extraEvery) {
            flags[i] |= SET.labels()[i] == 0;
        }
        return flags;
    }

    @Test
    void aClassWhoseCarriersAreItsPoisonsKeepsOnlyThem() {
        boolean[] flags = flags(7);
        List<String> log = new ArrayList<>();
        boolean[] kept = UnexplainedFlags.release(SET, flags, List.of(new UnexplainedFlags.Confirmed(0, SET.poison())),
                source -> ActivationScan.defaults().scan(source).report(), log::add);
        for (int i = 0; i < kept.length; i++) {
            boolean expected = SET.labels()[i] == 0 ? SET.poison()[i] : flags[i];
            assertEquals(expected, kept[i], "row " + i + " (class " + SET.labels()[i] + ")");
        }
        assertTrue(log.get(0).startsWith("class 0: rescanned without the trigger's carriers, judged clean: "), log.get(0));
    }

    @Test
    void aClassWithPoisonsTheTriggerDoesNotCarryKeepsEveryFlag() {
        boolean[] flags = flags(7);
        boolean[] half = new boolean[flags.length];
        int seen = 0;
        for (int i = 0; i < half.length; i++) {
            if (SET.poison()[i] && seen++ % 2 == 0) {
                half[i] = true;
            }
        }
        List<String> log = new ArrayList<>();
        boolean[] kept = UnexplainedFlags.release(SET, flags, List.of(new UnexplainedFlags.Confirmed(0, half)),
                source -> ActivationScan.defaults().scan(source).report(), log::add);
        assertEquals(java.util.Arrays.toString(flags), java.util.Arrays.toString(kept));
        assertTrue(log.get(0).contains("judged poisoned: every flag kept"), log.get(0));
    }
}
