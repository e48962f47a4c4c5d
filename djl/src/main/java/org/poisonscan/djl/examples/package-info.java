/**
 * Runnable examples of the DJL adapter: {@link org.poisonscan.djl.examples.ScanDuringTraining} trains a small CNN on
 * poisoned Fashion-MNIST and lets a {@link org.poisonscan.djl.ScanningTrainingListener} drop the flagged rows after
 * the first epoch.
 */
package org.poisonscan.djl.examples;
