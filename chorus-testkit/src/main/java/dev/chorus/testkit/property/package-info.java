/**
 * A small seeded property-test harness: generators over {@link java.util.random.RandomGenerator} and a loop
 * that runs a property many times and, on failure, reports the seed and the sample so the run can be
 * repeated with {@code -Dchorus.seed=N}. No shrinking: samples are kept small instead.
 */
@NullMarked
package dev.chorus.testkit.property;

import org.jspecify.annotations.NullMarked;
