/** How the command loop loads, folds and snapshots a stream. Not an API: may change without notice. */
@NullMarked
package dev.chorus.core.decider.internal;

import org.jspecify.annotations.NullMarked;
