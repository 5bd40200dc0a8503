@NullMarked
package dev.chorus.core.state;

import org.jspecify.annotations.NullMarked;
