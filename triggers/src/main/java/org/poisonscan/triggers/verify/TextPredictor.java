package org.poisonscan.triggers.verify;

import java.util.List;

/** A classifier of texts, as verification needs it: predicted class per text. */
@FunctionalInterface
public interface TextPredictor {

    /** The predicted class of each text. */
    int[] predict(List<String> texts);
}
