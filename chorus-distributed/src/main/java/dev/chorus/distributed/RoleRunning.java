package dev.chorus.distributed;

import dev.chorus.core.ChorusException;

/** An instance of the role leads its schema now, so a tool that rewrites what the leader owns must not start. */
public final class RoleRunning extends ChorusException {
    private final String schema;

    public RoleRunning(String schema, String action) {
        super("an instance of the role on schema " + schema + " is running and leads it; stop every instance of the"
                + " role (chorus run with --schema " + schema + "), then " + action);
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }
}
