package dev.chorus.shop.contracts;

import dev.chorus.core.decider.CommandRejected;
import java.util.Map;

/** A command or query named something that does not exist (a customer, an order): nothing is written. */
public final class NotFound extends CommandRejected {
    private final String kind;
    private final String id;

    public NotFound(String kind, String id) {
        super("not-found", "no " + kind + " '" + id + "': check the id", Map.of("kind", kind, "id", id));
        this.kind = kind;
        this.id = id;
    }

    public String kind() {
        return kind;
    }

    public String id() {
        return id;
    }
}
