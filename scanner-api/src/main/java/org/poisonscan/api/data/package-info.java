/** Activation sources: rows of float32 activations with class labels, read in batches, any number of passes. */
package org.poisonscan.api.data;
