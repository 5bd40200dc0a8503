/**
 * The conformance kit every event store passes ({@link dev.chorus.testkit.EventStoreConformance}) and the
 * fixtures it is built from: a clock moved by hand, a recording subscription handler, and the concurrent-writer
 * race.
 */
@NullMarked
package dev.chorus.testkit;

import org.jspecify.annotations.NullMarked;
