/**
 * Source classes of a target class's flagged rows: the nearest clean-class centroid in activation (or pixel) space,
 * and exclusionary reclassification through a retraining callback.
 */
package org.poisonscan.triggers.source;
