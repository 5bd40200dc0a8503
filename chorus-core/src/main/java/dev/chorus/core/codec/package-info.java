@NullMarked
package dev.chorus.core.codec;

import org.jspecify.annotations.NullMarked;
