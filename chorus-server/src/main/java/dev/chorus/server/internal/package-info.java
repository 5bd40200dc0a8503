/** The generic routes and the JSON plumbing behind {@link dev.chorus.server.HttpApi}. */
@NullMarked
package dev.chorus.server.internal;

import org.jspecify.annotations.NullMarked;
