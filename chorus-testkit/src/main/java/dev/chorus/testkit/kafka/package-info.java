/**
 * A real Apache Kafka broker for tests, no Docker: {@link dev.chorus.testkit.kafka.KafkaFixture#shared()} is one
 * broker in the test JVM shared by all its tests; {@link dev.chorus.testkit.kafka.ChildKafka} is a broker in a child
 * JVM that a test can SIGKILL and start again on the same port and data directory.
 */
@NullMarked
package dev.chorus.testkit.kafka;

import org.jspecify.annotations.NullMarked;
