/**
 * Benchmarks run as plain {@code main} programs: {@link org.poisonscan.bench.ScaleHarness} (full scans against the
 * native sgemm floor) and {@link org.poisonscan.bench.IngestBenchmark} (Parquet ingest against {@code .npy}).
 */
package org.poisonscan.bench;
