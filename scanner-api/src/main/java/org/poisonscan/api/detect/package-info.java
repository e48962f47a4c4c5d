/**
 * The detector interface, per-class results and verdicts, and the cross-class anomaly index. Detectors whose passes
 * are mergeable aggregations ({@link org.poisonscan.api.detect.DistributableDetector}) fit on a cluster too, and
 * their fitted state travels to executors ({@link org.poisonscan.api.detect.PortableFittedDetector}).
 */
package org.poisonscan.api.detect;
