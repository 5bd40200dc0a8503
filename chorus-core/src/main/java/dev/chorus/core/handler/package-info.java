/**
 * Event handlers with retry policies and a dead-letter store. A handler is registered explicitly (by hand
 * or from {@code @HandlesEvent} methods of one object), runs on its own subscription from its checkpoint,
 * retries what its policy allows, and sends the rest to the {@link dev.chorus.core.handler.DeadLetterStore}
 * in the same state commit as its checkpoint, so nothing is lost or handled twice. Dead letters of any
 * subscriber kind (handlers, sagas) are listed, shown, retried and discarded through
 * {@link dev.chorus.core.handler.DeadLetters}.
 */
@NullMarked
package dev.chorus.core.handler;

import org.jspecify.annotations.NullMarked;
