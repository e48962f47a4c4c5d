/**
 * Data passes as mergeable aggregations: the seam between a detector's fit and where its data lives. A detector
 * writes each pass as an {@link org.poisonscan.api.pass.Aggregation} (start an accumulator, add batches, merge
 * partial results) and its driver-side steps (eigen-decompositions, mixture fits, verdicts) as plain code; the
 * {@link org.poisonscan.api.pass.Passes} it is given decide where the passes run: over a local source
 * ({@link org.poisonscan.api.pass.SourcePasses}) or over a Spark DataFrame's partitions.
 */
package org.poisonscan.api.pass;
