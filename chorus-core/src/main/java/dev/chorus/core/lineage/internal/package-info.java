/** How the lineage index is stored. Not API: may change without notice. */
@NullMarked
package dev.chorus.core.lineage.internal;

import org.jspecify.annotations.NullMarked;
