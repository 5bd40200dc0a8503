package dev.chorus.distributed;

import dev.chorus.core.ChorusException;

/**
 * The database session that held a role's leadership for a tool ended, so an instance of the role may lead again:
 * what the tool was rewriting may have been written by that instance meanwhile.
 */
public final class RoleLockLost extends ChorusException {
    private final String schema;

    public RoleLockLost(String schema) {
        super("the leadership of schema " + schema + " was lost (its database session ended), so an instance of the"
                + " role may lead and write meanwhile; stop every instance of the role and run the command again");
        this.schema = schema;
    }

    public String schema() {
        return schema;
    }
}
