/**
 * The trigger benchmarks ({@link org.poisonscan.triggers.bench.TriggerBenchmark}): a BadNets backdoor on
 * Fashion-MNIST and a rare-token backdoor on the SpamAssassin corpus, each trained with DJL, scanned with the real
 * detectors and explained with this module; results in {@code benchmarks/RESULTS-triggers.md}.
 */
package org.poisonscan.triggers.bench;
