/** Benchmark harnesses: the scale harness (full scans against the native sgemm floor) and JMH kernel benchmarks. */
package org.poisonscan.bench;
