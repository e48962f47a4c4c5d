package org.poisonscan.triggers.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.ac.SuspectCluster;
import org.poisonscan.djl.ImageClassifier;
import org.poisonscan.djl.LabelledTensors;

/**
 * Exclusionary-reclassification callbacks for the benchmark models: retrain a fresh model (same settings and seed)
 * on every row but the suspects, then classify the suspects with it.
 */
final class Retrainers {
    private Retrainers() {
    }

    /** For the bag-of-words MLP. */
    static ExclusionaryReclassifier text(LabelledTensors data, SpamSettings s, List<String> log) {
        return suspects -> reclassify(data, suspects, kept -> SpamTriggerRun.train(kept, s, log));
    }

    /** For the Fashion-MNIST CNN. */
    static ExclusionaryReclassifier images(LabelledTensors data, ImageBenchSettings s, List<String> log) {
        return suspects -> reclassify(data, suspects, kept -> FashionMnistTriggerRun.train(kept, s, log));
    }

    private static List<Map<Integer, Long>> reclassify(LabelledTensors data, List<SuspectCluster> suspects,
            java.util.function.Function<LabelledTensors, ImageClassifier> trainer) {
        Set<Long> out = new HashSet<>();
        suspects.forEach(c -> java.util.Arrays.stream(c.rows()).forEach(out::add));
        int[] kept = IntStream.range(0, data.size()).filter(i -> !out.contains((long) i)).toArray();
        List<Map<Integer, Long>> result = new ArrayList<>();
        try (ImageClassifier model = trainer.apply(data.select(kept))) {
            for (SuspectCluster c : suspects) {
                int[] rows = java.util.Arrays.stream(c.rows()).mapToInt(r -> (int) r).toArray();
                Map<Integer, Long> counts = new TreeMap<>();
                for (int p : model.predict(data.select(rows))) {
                    counts.merge(p, 1L, Long::sum);
                }
                result.add(counts);
            }
        }
        return result;
    }
}
