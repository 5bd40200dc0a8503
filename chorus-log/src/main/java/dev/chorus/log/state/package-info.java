/**
 * The embedded durable {@link dev.chorus.core.state.StateStore}: a journal of CRC32C-framed commits replayed
 * into a sorted map on open, compacted into snapshot files. Format and guarantees: {@code docs/state-store.md}.
 */
@NullMarked
package dev.chorus.log.state;

import org.jspecify.annotations.NullMarked;
