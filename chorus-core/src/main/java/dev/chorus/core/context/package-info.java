@NullMarked
package dev.chorus.core.context;

import org.jspecify.annotations.NullMarked;
