/**
 * Deep Java Library (DJL) adapter: extracts a layer's activations from a DJL model into an
 * {@link org.poisonscan.api.data.ActivationSource}, scans them during training through a DJL training listener
 * ({@link org.poisonscan.djl.ScanningTrainingListener}), and runs a real backdoor benchmark on Fashion-MNIST
 * ({@link org.poisonscan.djl.FashionMnistBackdoor}: BadNets and Blend poisoning, a small CNN, spectral and SPECTRE
 * scans, cleaning and retraining).
 *
 * <p>Everything runs offline with the PyTorch engine: put {@code ai.djl.pytorch:pytorch-native-cpu} on the class
 * path and call {@link org.poisonscan.djl.DjlRuntime#configure} before the first DJL call (it sets
 * {@code ai.djl.offline=true}, the thread counts and the seed).
 */
package org.poisonscan.djl;
