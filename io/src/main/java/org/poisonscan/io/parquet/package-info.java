/**
 * Parquet input and output without a Hadoop cluster: {@link org.poisonscan.io.parquet.ParquetSource} reads
 * activations (a list column of float or double, integer or string labels, optional id and ground-truth columns),
 * {@link org.poisonscan.io.parquet.ScoresParquetWriter} writes {@code scores.parquet}, and
 * {@link org.poisonscan.io.parquet.ParquetSplitter} splits any Parquet data set into clean and quarantined rows by a
 * scan's flags, keeping every column and its type.
 *
 * <p>Files are opened only through {@code LocalInputFile}/{@code LocalOutputFile} and
 * {@code PlainParquetConfiguration} ({@link org.poisonscan.io.parquet.ParquetFiles}). Reads stream by row group and
 * decode only the columns they need. Every problem with an input is an
 * {@link org.poisonscan.api.data.InvalidInputException} whose message names the file and, where the problem lies in
 * the data, the column, the row group and the row; problems of the schema (a missing column, a wrong type) name the
 * file and the column. Every output is written to {@code <name>.partial} and renamed when complete, so a failure
 * never leaves a partial file.
 */
package org.poisonscan.io.parquet;
