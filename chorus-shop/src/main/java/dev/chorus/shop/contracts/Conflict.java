package dev.chorus.shop.contracts;

import dev.chorus.core.decider.CommandRejected;
import java.util.Map;

/** A command that the entity's current state does not allow (cancel a shipped order, register twice). */
public final class Conflict extends CommandRejected {
    public Conflict(String reason, String id, String message) {
        super(reason, message, Map.of("id", id));
    }
}
