/**
 * PoisonScan on Apache Spark: {@link org.poisonscan.spark.PoisonScanner}, a Spark ML estimator over a DataFrame's
 * activation and label columns, and its {@link org.poisonscan.spark.PoisonScanModel}, which adds scores, flags and
 * class verdicts. The detectors' data passes run as per-partition aggregations combined with {@code treeAggregate};
 * the driver-side steps are the single-machine code, so both give the same answers on the same data.
 */
package org.poisonscan.spark;
