/** How the codecs are put together: the one strict mapper and the validated registry. Not public API. */
@NullMarked
package dev.chorus.json.internal;

import org.jspecify.annotations.NullMarked;
