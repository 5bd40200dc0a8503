/** Child JVMs for tests that kill a process and look at what it left behind. */
@NullMarked
package dev.chorus.testkit.process;

import org.jspecify.annotations.NullMarked;
