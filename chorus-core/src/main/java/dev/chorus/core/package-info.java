/** The event model and the event store ports. No infrastructure dependency lives here. */
@NullMarked
package dev.chorus.core;

import org.jspecify.annotations.NullMarked;
