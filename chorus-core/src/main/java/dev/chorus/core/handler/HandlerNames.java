package dev.chorus.core.handler;

import dev.chorus.core.ValidationError;
import java.util.regex.Pattern;

/**
 * The rule for subscriber names (handlers, sagas). A name is part of state keys such as
 * {@code checkpoint/handler/<name>} and of dead-letter ids {@code <name>@<position>}, so it may hold
 * neither {@code '/'} nor {@code '@'}.
 */
public final class HandlerNames {
    public static final int MAX_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-]*");

    private HandlerNames() {}

    public static String validate(String name) {
        if (name == null || name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationError("handler", "a handler name is 1 to " + MAX_LENGTH
                    + " characters, starts with a letter and holds only letters, digits, '.', '_' and '-'; got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }
}
