/** An event store in memory: for tests and examples, not durable. */
@NullMarked
package dev.chorus.core.memory;

import org.jspecify.annotations.NullMarked;
