/** Statistics shared by detectors: per-class moments, reservoir samples, a 1-D two-component Gaussian mixture. */
package org.poisonscan.api.stats;
