/**
 * Trigger hypotheses: given a scan's flagged rows ({@link org.poisonscan.triggers.ScanOutputReader}) and the raw
 * inputs, what the trigger is (an image mask and pattern, enriched tokens, enriched feature values), which classes
 * the poisons came from, and how sure the evidence is, verified with a model when one is given.
 * {@link org.poisonscan.triggers.TriggerRun} is the {@code poisonscan triggers} command's whole run;
 * {@link org.poisonscan.triggers.ImageTriggers} and {@link org.poisonscan.triggers.ItemTriggers} are the library entry
 * points, which also take a retraining callback for exclusionary reclassification.
 *
 * <p>What the literature returns (Tran et al. 2018; Chen et al. 2018; Wang et al. 2019, Neural Cleanse): the target
 * class from the class-level verdict, the source classes from exclusionary reclassification or the nearest class
 * centroid, a mask from per-pixel differences scored by the Jaccard index of its top-k pixels, enriched tokens by
 * log odds and an exact test. This package adds the corrections that make those numbers trustworthy: a second
 * reference (the source classes) so source-class content drops out, permutation and Benjamini-Hochberg corrections so
 * clean data yields nothing significant, and verification evidence in the ranking.
 */
package org.poisonscan.triggers;
