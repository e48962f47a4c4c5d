/**
 * Image triggers: per-pixel tests of a class's flagged rows against its clean rows and its source classes' clean rows
 * ({@link org.poisonscan.triggers.image.ImageTriggerAnalysis}), the resulting mask, area and pattern
 * ({@link org.poisonscan.triggers.image.ImageHypothesis}), its PNG rendering and the Jaccard score against a known
 * trigger.
 */
package org.poisonscan.triggers.image;
