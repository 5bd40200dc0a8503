package dev.chorus.shop.contracts;

import dev.chorus.core.decider.CommandRejected;
import java.util.Map;

/**
 * A command field outside its documented bounds (see {@link Bounds}): missing, empty, too long, not
 * positive, too large. Nothing is written. {@code field()} names the field as the HTTP API spells it.
 */
public final class InvalidValue extends CommandRejected {
    private final String field;

    public InvalidValue(String field, String rule) {
        super("invalid-value", field + " " + rule, Map.of("field", field, "rule", rule));
        this.field = field;
    }

    public String field() {
        return field;
    }
}
