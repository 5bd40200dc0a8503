/** Given/when/then specifications for sagas: pure, no store, no clock, no thread. */
@NullMarked
package dev.chorus.testkit.saga;

import org.jspecify.annotations.NullMarked;
