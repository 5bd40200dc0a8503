/** How sagas are stored and run. Not API: may change without notice. */
@NullMarked
package dev.chorus.core.saga.internal;

import org.jspecify.annotations.NullMarked;
