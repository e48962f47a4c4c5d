/**
 * Text and tabular triggers: rows as sets of items (tokens, feature values), read from CSV, JSONL or Parquet, and the
 * Fisher-exact enrichment of items in a class's flagged rows
 * ({@link org.poisonscan.triggers.items.EnrichmentAnalysis}).
 */
package org.poisonscan.triggers.items;
