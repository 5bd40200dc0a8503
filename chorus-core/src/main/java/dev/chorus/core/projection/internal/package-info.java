/** How projections batch, namespace and replay. Not an API: may change without notice. */
@NullMarked
package dev.chorus.core.projection.internal;

import org.jspecify.annotations.NullMarked;
