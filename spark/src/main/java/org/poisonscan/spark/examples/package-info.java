/**
 * Example Spark jobs built on {@link org.poisonscan.spark.PoisonScanner}. They live in the spark module rather than in
 * {@code examples} so that Spark (provided scope, with its own Parquet and slf4j versions) stays off the other
 * modules' class paths.
 */
package org.poisonscan.spark.examples;
