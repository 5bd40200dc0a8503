package dev.chorus.core;

import java.util.regex.Pattern;

/**
 * A message type: a stable name and a schema version. Never a Java class name, so that renaming a
 * class does not rename the facts already written.
 */
public record EventType(String name, int version) {
    public static final int MAX_NAME_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-]*");

    public EventType {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationError("type", "an event type name is 1 to " + MAX_NAME_LENGTH
                    + " characters, starts with a letter and holds only letters, digits, '.', '_' and '-'; got "
                    + ValidationError.quote(name));
        }
        if (version < 1) {
            throw new ValidationError("type", "an event type version starts at 1; got " + version + " for " + name);
        }
    }

    public static EventType of(String name, int version) {
        return new EventType(name, version);
    }

    @Override
    public String toString() {
        return name + "/v" + version;
    }
}
