/** Given/when/then specifications for deciders: {@link dev.chorus.testkit.decider.DeciderSpec}. */
@NullMarked
package dev.chorus.testkit.decider;

import org.jspecify.annotations.NullMarked;
