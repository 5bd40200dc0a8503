/** Jackson 3 codecs: a registry of event records by stable name and version, with upcasters. */
@NullMarked
package dev.chorus.json;

import org.jspecify.annotations.NullMarked;
