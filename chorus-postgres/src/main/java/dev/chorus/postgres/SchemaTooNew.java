package dev.chorus.postgres;

import dev.chorus.core.ChorusException;

/**
 * The schema was migrated by a newer Chorus than this one: its tables may mean something this code does not know,
 * so it refuses to touch them. Run the newer version, or point this one at another schema.
 */
public final class SchemaTooNew extends ChorusException {
    private final String schema;
    private final int databaseVersion;
    private final int knownVersion;

    public SchemaTooNew(String schema, int databaseVersion, int knownVersion) {
        super("schema " + schema + " is at migration version " + databaseVersion + " but this Chorus knows versions up to "
                + knownVersion + "; run the newer Chorus that migrated it, or use another schema");
        this.schema = schema;
        this.databaseVersion = databaseVersion;
        this.knownVersion = knownVersion;
    }

    public String schema() {
        return schema;
    }

    public int databaseVersion() {
        return databaseVersion;
    }

    public int knownVersion() {
        return knownVersion;
    }
}
