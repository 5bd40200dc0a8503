/** The benchmarks' phases, argument parsing and reporting; not an API. */
@NullMarked
package dev.chorus.bench.internal;

import org.jspecify.annotations.NullMarked;
