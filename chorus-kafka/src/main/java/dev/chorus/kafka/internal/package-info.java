/** Helpers of the Kafka bridge; not API. */
@NullMarked
package dev.chorus.kafka.internal;

import org.jspecify.annotations.NullMarked;
