package dev.chorus.distributed;

import dev.chorus.core.ChorusException;
import java.util.Optional;

/**
 * A role's schema keeps the state (checkpoints, read models, dead letters, the relay's position) of facts kept
 * elsewhere than where this process keeps them: in PostgreSQL rather than a data directory's log, or in another
 * data directory's log. Starting would pair that state with facts it never saw, so the process refuses.
 */
public final class FactsElsewhere extends ChorusException {
    private final String schema;
    private final String recorded;
    private final String given;

    /** {@code recordedDir}: where the recorded log was last opened, when it is a log and that is known. */
    public FactsElsewhere(String schema, String recorded, String given, Optional<String> recordedDir) {
        super("schema " + schema + " keeps the state of a role whose facts are " + FactsLocation.describe(recorded)
                + recordedDir.map(dir -> " (last run with --data-dir " + dir + ")").orElse("")
                + ", and this process keeps them " + FactsLocation.describe(given) + "; start it as it was started"
                + " before, or give it a schema of its own (--schema)");
        this.schema = schema;
        this.recorded = recorded;
        this.given = given;
    }

    public String schema() {
        return schema;
    }

    /** Where the schema says its role's facts are: {@code postgres}, or {@code log <id>}. */
    public String recorded() {
        return recorded;
    }

    /** Where this process keeps them, in the same form. */
    public String given() {
        return given;
    }
}
