/** How handlers and dead letters are stored and run. Not API: may change without notice. */
@NullMarked
package dev.chorus.core.handler.internal;

import org.jspecify.annotations.NullMarked;
