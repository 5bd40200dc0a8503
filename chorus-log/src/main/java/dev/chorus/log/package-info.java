/** The embedded durable log: Chorus's default event store, on local disk. */
@NullMarked
package dev.chorus.log;

import org.jspecify.annotations.NullMarked;
