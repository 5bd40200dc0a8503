package dev.chorus.core.handler;

/**
 * A running subscriber (handler runner, saga runner) that owns dead letters under its name. While one is
 * registered with {@link DeadLetters}, an operator's retry and discard go through it, so they are
 * serialised with the events it is handling; while none is, they are recorded as a status the subscriber
 * acts on when it next starts.
 */
public interface DeadLetterOwner {
    /**
     * Redelivers the dead letter's event to this subscriber only, now, and stores the outcome.
     *
     * @return the dead letter after the attempt: {@link DeadLetterStatus.Resolved} or open again with one
     *         more failure
     * @throws DeadLetterNotFound no such dead letter
     * @throws DeadLetterClosed   it is already resolved or discarded
     * @throws SubscriberStopped  the subscriber is closing and did not finish the retry
     */
    DeadLetter retry(DeadLetterId id);

    /**
     * Marks the dead letter discarded and moves on without handling the event; a stream parked behind it
     * resumes.
     *
     * @throws DeadLetterNotFound no such dead letter
     * @throws DeadLetterClosed   it is already resolved or discarded
     * @throws SubscriberStopped  the subscriber is closing and did not finish the discard
     */
    DeadLetter discard(DeadLetterId id);
}
