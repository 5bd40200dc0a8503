/** An event store and a state store in memory: for tests, examples and scratch read models; not durable. */
@NullMarked
package dev.chorus.core.memory;

import org.jspecify.annotations.NullMarked;
