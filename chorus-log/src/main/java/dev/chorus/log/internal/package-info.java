@NullMarked
package dev.chorus.log.internal;

import org.jspecify.annotations.NullMarked;
