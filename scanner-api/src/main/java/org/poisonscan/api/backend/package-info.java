/**
 * The compute-backend interface for the detectors' heavy kernels (Gram accumulation, symmetric eigen-decomposition,
 * projections), its pure-Java implementation, and selection through {@link java.util.ServiceLoader}.
 */
package org.poisonscan.api.backend;
