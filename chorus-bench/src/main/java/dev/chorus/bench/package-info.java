/**
 * Benchmarks that measure Chorus against a physical limit or a peer in the same run, so that the
 * ratio means something on any machine. The entry point is {@link dev.chorus.bench.Benchmarks}.
 */
@NullMarked
package dev.chorus.bench;

import org.jspecify.annotations.NullMarked;
