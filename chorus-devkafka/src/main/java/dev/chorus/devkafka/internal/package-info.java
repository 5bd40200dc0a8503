/** How the development broker is configured, formatted and kept quiet. */
@NullMarked
package dev.chorus.devkafka.internal;

import org.jspecify.annotations.NullMarked;
