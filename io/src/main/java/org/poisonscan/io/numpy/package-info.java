/**
 * NumPy formats: {@link org.poisonscan.io.numpy.NpySource} and {@link org.poisonscan.io.numpy.NpzSource} read
 * {@code .npy} files and {@code .npz} archives; {@link org.poisonscan.io.numpy.NpyWriter} and
 * {@link org.poisonscan.io.numpy.NpzWriter} write them from any source in one streaming pass.
 *
 * <p>The NPY header (format versions 1.0, 2.0 and 3.0) is parsed by this package, never evaluated, and checked
 * against the real file or zip entry length before any data is mapped or allocated. Uncompressed data is
 * memory-mapped in windows below 2 GB, so arrays larger than the heap (or than 2 GB) work; compressed .npz entries
 * are inflated as a stream on each pass. Supported element types: float32/float64 features, int8-int64 and
 * uint8-uint64 labels, bool or 0/1 integer ground truth, either byte order. Object arrays and pickles are refused.
 */
package org.poisonscan.io.numpy;
