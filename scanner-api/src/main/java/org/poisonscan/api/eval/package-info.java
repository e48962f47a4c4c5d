/** Evaluation of a scan against a ground-truth poison mask: precision, recall, false-positive rate, AUROC. */
package org.poisonscan.api.eval;
