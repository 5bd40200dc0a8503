/** The {@code chorus} command: demo, offline log tools and benchmarks, over picocli. */
@NullMarked
package dev.chorus.cli;

import org.jspecify.annotations.NullMarked;
