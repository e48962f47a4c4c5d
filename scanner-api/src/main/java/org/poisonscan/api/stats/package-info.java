/**
 * Statistics shared by detectors: per-class moments, seeded samples chosen by row index (bottom-k, so that they do
 * not depend on arrival order or on how the input is split), a 1-D two-component Gaussian mixture.
 */
package org.poisonscan.api.stats;
