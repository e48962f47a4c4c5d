/**
 * Runnable examples of PoisonScan as a library: {@link org.poisonscan.examples.ParquetPipelineExample} reads Parquet
 * embeddings, scans them and writes clean and quarantine sets. They compile and run in the project's build (each has
 * a test), so they stay in step with the API.
 */
package org.poisonscan.examples;
