/**
 * PostgreSQL stores for the distributed shape: {@link dev.chorus.postgres.PostgresEventStore} (an event store and
 * importer that several instances of one service share) and {@link dev.chorus.postgres.PostgresStateStore} (read
 * models and checkpoints committed in one transaction), both in one schema migrated at start.
 */
@NullMarked
package dev.chorus.postgres;

import org.jspecify.annotations.NullMarked;
