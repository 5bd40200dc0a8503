/**
 * The bridge between one service's event store and Apache Kafka: a {@link dev.chorus.kafka.Relay} publishes the
 * service's own facts to its topic, an {@link dev.chorus.kafka.Inbox} imports the facts it reacts to into its own
 * store, and {@link dev.chorus.kafka.CloudEventsWire} is the format between them.
 */
@NullMarked
package dev.chorus.kafka;

import org.jspecify.annotations.NullMarked;
