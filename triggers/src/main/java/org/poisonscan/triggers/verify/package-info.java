/**
 * Verification: stamp a hypothesised trigger on clean inputs of other classes, ask the model, and test whether its
 * predictions move to the target class ({@link org.poisonscan.triggers.verify.Verification}); a DJL adapter for
 * TorchScript and Java-trained image models.
 */
package org.poisonscan.triggers.verify;
