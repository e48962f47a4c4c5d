/**
 * CSV input: {@link org.poisonscan.io.csv.CsvSource} reads a headed CSV file with a label column, an optional
 * ground-truth column and numeric feature columns, streaming it with Apache Commons CSV on each pass.
 */
package org.poisonscan.io.csv;
