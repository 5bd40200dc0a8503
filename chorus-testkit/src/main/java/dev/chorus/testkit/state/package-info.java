/**
 * The conformance kit every {@link dev.chorus.core.state.StateStore} passes
 * ({@link dev.chorus.testkit.state.StateStoreConformance}): reads and writes, prefix scans in code point order,
 * atomic commits, limits, concurrent committers, closing, and random commits checked against a model.
 */
@NullMarked
package dev.chorus.testkit.state;

import org.jspecify.annotations.NullMarked;
