/**
 * Input readers and writers: {@link org.poisonscan.io.ActivationSources} opens an input by its extension
 * ({@code .npz}, {@code .npy}, {@code .csv}) as an {@link org.poisonscan.api.data.ActivationSource}.
 *
 * <p>Every reader streams: memory depends on the batch size and dimension, never on the number of rows. Every
 * problem with an input is an {@link org.poisonscan.api.data.InvalidInputException} whose message names the file,
 * the array, column or row, and the reason. Readers never execute anything from a file: NPY headers are parsed as
 * literals and pickled (object) arrays are refused.
 */
package org.poisonscan.io;
