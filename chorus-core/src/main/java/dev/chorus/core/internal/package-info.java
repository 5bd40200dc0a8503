/** Building blocks shared by the stores. Not an API: may change without notice. */
@NullMarked
package dev.chorus.core.internal;

import org.jspecify.annotations.NullMarked;
