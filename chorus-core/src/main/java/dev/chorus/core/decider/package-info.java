/**
 * The write side: a {@link dev.chorus.core.decider.Decider} holds a stream's rules as pure functions,
 * a {@link dev.chorus.core.decider.DeciderBinding} says how its events are stored and which stream a
 * command goes to, and a {@link dev.chorus.core.decider.CommandLoop} runs read, decide, append with the
 * expected version, retrying only a version conflict. {@link dev.chorus.core.decider.TimeTravel} folds a
 * stream as of a global position or an instant.
 */
@NullMarked
package dev.chorus.core.decider;

import org.jspecify.annotations.NullMarked;
