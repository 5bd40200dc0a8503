package dev.chorus.core.projection.internal;

import dev.chorus.core.ValidationError;
import java.util.regex.Pattern;

/** The rule for projection names; a name becomes part of state-store keys, so no '/' and nothing surprising. */
public final class ProjectionNames {
    public static final int MAX_LENGTH = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]*");

    private ProjectionNames() {}

    public static String validate(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || !NAME.matcher(name).matches()) {
            throw new ValidationError("name", "a projection name is 1 to " + MAX_LENGTH
                    + " characters, starts with a letter and holds only letters, digits, '.', '_' and '-'; got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        return name;
    }
}
