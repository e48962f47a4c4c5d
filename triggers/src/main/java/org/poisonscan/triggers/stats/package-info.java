/**
 * The statistics behind trigger hypotheses: Fisher's exact test for enriched tokens and feature values, Welch's
 * t-test for pixels, and the Benjamini-Hochberg correction over everything tested in one class. Built on Commons
 * Math 3.6.1 (hypergeometric and t distributions).
 */
package org.poisonscan.triggers.stats;
