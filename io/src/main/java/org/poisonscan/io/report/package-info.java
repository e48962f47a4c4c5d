/** Writers of scan results: {@code report.json} and {@code scores.csv}. */
package org.poisonscan.io.report;
