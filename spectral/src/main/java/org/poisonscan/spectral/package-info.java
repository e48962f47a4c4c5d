/**
 * Spectral detectors: spectral signatures (Tran et al. 2018) with an automatic, rate-free flagging policy and a
 * cross-class verdict.
 */
package org.poisonscan.spectral;
