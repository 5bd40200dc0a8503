package dev.chorus.core.saga;

import dev.chorus.core.context.MessageContext;
import dev.chorus.core.ValidationError;
import java.util.Objects;

/**
 * What a dispatched command carries beside itself: a {@code commandId} derived from the saga, the handled
 * fact and the effect's place in the step, so a redelivered step issues the same id; and the
 * {@link MessageContext} to append its events under, which continues the conversation (same correlation id,
 * causation id = the handled fact's event id).
 */
public record CommandContext(String commandId, MessageContext message) {
    public CommandContext {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(message, "message");
        if (commandId.isBlank()) {
            throw new ValidationError("commandId", "a command id must not be blank");
        }
    }
}
