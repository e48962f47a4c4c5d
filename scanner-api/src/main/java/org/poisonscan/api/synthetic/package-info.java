/** A seeded generator of synthetic activations with planted poisons, used by tests, the demo and benchmarks. */
package org.poisonscan.api.synthetic;
