/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) inside this JVM, on 127.0.0.1, for
 * local development and tests: {@link dev.chorus.devkafka.DevKafka}. Production points Chorus at any Kafka cluster
 * instead.
 */
@NullMarked
package dev.chorus.devkafka;

import org.jspecify.annotations.NullMarked;
