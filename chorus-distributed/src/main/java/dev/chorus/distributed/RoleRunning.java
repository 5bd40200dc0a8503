package dev.chorus.distributed;

import dev.chorus.core.ChorusException;

/**
 * The role's leadership is held (by an instance of the role, or by another tool such as a rebuild), so a tool that
 * rewrites what the leader owns must not start.
 */
public final class RoleRunning extends ChorusException {
    private final String schema;

    public RoleRunning(String schema, String action) {
        super("the leadership of schema " + schema + " is held: an instance of the role runs and leads it, or"
                + " another command (a rebuild) holds it; stop every instance of the role (chorus run with --schema "
                + schema + ") or wait for that command, then " + action);
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }
}
