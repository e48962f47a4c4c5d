/**
 * Benchmark harnesses: the scale harness (full scans against the native sgemm floor), JMH kernel benchmarks, and
 * {@link org.poisonscan.bench.IngestBenchmark} (Parquet ingest against {@code .npy}).
 */
package org.poisonscan.bench;
