/**
 * Spectral detectors.
 * <ul>
 *   <li>{@code spectral}: spectral signatures (Tran et al. 2018) with an automatic, rate-free flagging policy and a
 *       cross-class verdict ({@link org.poisonscan.spectral.SpectralSignatureDetector}).</li>
 *   <li>{@code spectre}: SPECTRE (Hayase et al. 2021): a DKK17-style robust covariance filter, whitening, QUantum
 *       Entropy scores with the matrix exponential and a sweep over the number of principal dimensions, estimating the
 *       poison rate and the target class instead of being told them; finds few poisons and multi-direction triggers
 *       that spectral signatures miss ({@link org.poisonscan.spectral.SpectreDetector}).</li>
 * </ul>
 */
package org.poisonscan.spectral;
