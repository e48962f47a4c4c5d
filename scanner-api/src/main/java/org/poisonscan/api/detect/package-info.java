/** The detector interface, per-class results and verdicts, and the cross-class anomaly index. */
package org.poisonscan.api.detect;
