package org.poisonscan.djl;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.poisonscan.ac.ExclusionaryReclassifier;
import org.poisonscan.ac.SuspectCluster;

/**
 * Exclusionary reclassification (Chen et al. 2018, section 4) for a DJL image classifier: trains a fresh model on the
 * training set without every suspect cluster's rows, then classifies each cluster with it. A poison cluster (source
 * images carrying a trigger the retrained model never saw) goes mostly to its source class; a legitimate cluster of
 * its class stays there. Plug it into {@link org.poisonscan.ac.ActivationClusteringDetector} with
 * {@link org.poisonscan.ac.Analyzer#EXCLUSIONARY_RECLASSIFICATION} selected; the detector calls it at most once per
 * fit, so the model is retrained once.
 *
 * <p>Row indices in the suspects are rows of the scanned activation source, which must be the rows of {@code data} in
 * the same order (as {@link ActivationExtractor} produces them).
 */
public final class DjlExclusionaryReclassifier implements ExclusionaryReclassifier {
    private final LabelledTensors data;
    private final Supplier<ImageClassifier> freshModel;

    /**
     * @param data the training set the activations were extracted from, row for row
     * @param freshModel makes an untrained classifier with the training settings to use (called once per
     *     reclassification; the classifier is closed afterwards)
     */
    public DjlExclusionaryReclassifier(LabelledTensors data, Supplier<ImageClassifier> freshModel) {
        this.data = data;
        this.freshModel = freshModel;
    }

    @Override
    public List<Map<Integer, Long>> reclassify(List<SuspectCluster> suspects) {
        BitSet excluded = new BitSet(data.size());
        for (SuspectCluster s : suspects) {
            for (long row : s.rows()) {
                if (row < 0 || row >= data.size()) {
                    throw new IllegalArgumentException("suspect row " + row + " of class " + s.label()
                            + " is outside the training set's " + data.size() + " rows");
                }
                excluded.set((int) row);
            }
        }
        int[] kept = IntStream.range(0, data.size()).filter(i -> !excluded.get(i)).toArray();
        List<Map<Integer, Long>> out = new ArrayList<>();
        try (ImageClassifier model = freshModel.get()) {
            LabelledTensors rest = data.select(kept);
            model.fit(rest, new TrainingRows(rest.size()), ProgressListener.none());
            for (SuspectCluster s : suspects) {
                int[] rows = java.util.Arrays.stream(s.rows()).mapToInt(r -> (int) r).toArray();
                Map<Integer, Long> counts = new TreeMap<>();
                for (int predicted : model.predict(data.select(rows))) {
                    counts.merge(predicted, 1L, Long::sum);
                }
                out.add(counts);
            }
        }
        return out;
    }
}
