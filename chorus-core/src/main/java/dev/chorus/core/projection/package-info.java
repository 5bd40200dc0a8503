/**
 * The read side: projections that turn the global log into read models, each with a checkpoint committed in the
 * same {@link dev.chorus.core.state.StateStore#commit} as the read-model changes, so a crash never applies an event
 * twice or skips one. Start with {@link dev.chorus.core.projection.Projection} and
 * {@link dev.chorus.core.projection.ProjectionRunner}; an application lists its projections in a
 * {@link dev.chorus.core.projection.ProjectionRegistry}.
 */
@NullMarked
package dev.chorus.core.projection;

import org.jspecify.annotations.NullMarked;
