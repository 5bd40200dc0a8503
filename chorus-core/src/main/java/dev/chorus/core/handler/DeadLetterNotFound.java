package dev.chorus.core.handler;

import dev.chorus.core.ChorusException;

/** No dead letter has this id. List the dead letters to see the ids there are. */
public final class DeadLetterNotFound extends ChorusException {
    private final DeadLetterId id;

    public DeadLetterNotFound(DeadLetterId id) {
        super("no dead letter " + id + "; list the dead letters to see which ids exist");
        this.id = id;
    }

    public DeadLetterId id() {
        return id;
    }
}
