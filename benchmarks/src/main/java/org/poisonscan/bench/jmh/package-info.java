/** JMH benchmarks of the compute kernels on every backend. */
package org.poisonscan.bench.jmh;
