package org.poisonscan.ac;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The part of exclusionary reclassification (Chen et al. 2018, section 4) that only training code can do: retrain the
 * model without the suspect rows and classify those rows with the retrained model. If a suspect cluster was poison,
 * the retrained model (which never saw the trigger) assigns most of it to its true, source class; if it was a
 * legitimate part of its class, the model still assigns it to its label.
 *
 * <p>The detector calls {@link #reclassify} at most once per fit, with every cluster that passed all the other selected
 * analyzers, so the model is retrained once (as IBM ART does), and only when
 * {@link Analyzer#EXCLUSIONARY_RECLASSIFICATION} is selected and some cluster is still suspect.
 */
@FunctionalInterface
public interface ExclusionaryReclassifier {

    /**
     * Retrains without the rows of all {@code suspects} and classifies each suspect cluster's rows.
     *
     * @param suspects the suspect clusters, with their rows as 0-based input row indices, ascending
     * @return one map per suspect cluster, in the same order: predicted label to number of the cluster's rows the
     *     retrained model assigns to it (labels with no row may be left out)
     */
    List<Map<Integer, Long>> reclassify(List<SuspectCluster> suspects) throws IOException;
}
