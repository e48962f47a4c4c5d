/** Running detectors over a source: the scanner, row sinks, and the scan report. */
package org.poisonscan.api.scan;
