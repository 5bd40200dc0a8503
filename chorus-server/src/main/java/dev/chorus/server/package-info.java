/**
 * The HTTP API over an event store and a state store: {@link dev.chorus.server.HttpApi} serves the generic
 * endpoints (events, lineage, time travel, dead letters, health) and whatever {@link dev.chorus.server.ApiModule}s
 * an application adds, and answers every client mistake with a 4xx and a JSON error body.
 */
@NullMarked
package dev.chorus.server;

import org.jspecify.annotations.NullMarked;
