/**
 * Activation clustering (Chen et al. 2018): per-class ICA or PCA reduction, k-means (mini-batch for large classes),
 * the paper's four cluster analyzers plus a separation and a cross-class rule, and exclusionary reclassification
 * through a callback to training code. The entry point is {@link org.poisonscan.ac.ActivationClusteringDetector}.
 */
package org.poisonscan.ac;
