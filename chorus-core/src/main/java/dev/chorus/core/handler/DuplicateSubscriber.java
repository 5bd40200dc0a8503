package dev.chorus.core.handler;

import dev.chorus.core.ChorusException;

/**
 * A subscriber with this name is already running here. Two runners under one name would share one
 * checkpoint and one set of dead letters and trample each other; give each handler its own name.
 */
public final class DuplicateSubscriber extends ChorusException {
    private final String name;

    public DuplicateSubscriber(String name) {
        super("a subscriber named " + name + " is already running here; close it first, or give this one another name");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
