/**
 * PoisonScan as a library in a data pipeline: {@link org.poisonscan.pipeline.PoisonScan#scan} starts a fluent,
 * immutable {@link org.poisonscan.pipeline.ScanJob} over any activation source (spectral signatures and the automatic
 * backend by default), and {@link org.poisonscan.pipeline.Verdicts} / {@link org.poisonscan.pipeline.IdVerdicts}
 * filter the caller's own records (any type, by position or by id) into clean and quarantined ones. For Parquet data
 * sets on disk, {@link org.poisonscan.io.parquet.ParquetSplitter} does the same file to file.
 */
package org.poisonscan.pipeline;
