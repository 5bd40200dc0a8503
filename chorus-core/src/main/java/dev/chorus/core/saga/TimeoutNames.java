package dev.chorus.core.saga;

import dev.chorus.core.ValidationError;
import java.util.regex.Pattern;

/** The rule for timeout names: they are part of state keys, so they hold no '/'. */
public final class TimeoutNames {
    public static final int MAX_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-]*");

    private TimeoutNames() {}

    public static String validate(String name) {
        if (name == null || name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationError("timeoutName", "a timeout name is 1 to " + MAX_LENGTH
                    + " characters, starts with a letter and holds only letters, digits, '.', '_' and '-'; got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }
}
