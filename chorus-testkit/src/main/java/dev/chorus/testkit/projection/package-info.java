/**
 * Given/then specifications for projections ({@link dev.chorus.testkit.projection.ProjectionSpec}): the real
 * runner over in-memory stores, with a replay check that catches projections a rebuild would change.
 */
@NullMarked
package dev.chorus.testkit.projection;

import org.jspecify.annotations.NullMarked;
