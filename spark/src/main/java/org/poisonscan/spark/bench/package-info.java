/** The Spark scale-out benchmark: the single-machine scanner against the Spark estimator on the same Parquet file. */
package org.poisonscan.spark.bench;
