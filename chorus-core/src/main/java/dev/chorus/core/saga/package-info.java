/**
 * Sagas: choreography helpers that keep state per conversation (correlation id), {@code evolve} it with
 * the facts they see and {@code react} with effects returned as data (issue a command, publish an event,
 * schedule or cancel a timeout), which the {@link dev.chorus.core.saga.SagaRunner} executes. Timeouts are
 * kept durably beside the saga's state and come back as facts in the log, so they survive a restart and
 * show up in the conversation's lineage.
 */
@NullMarked
package dev.chorus.core.saga;

import org.jspecify.annotations.NullMarked;
