package dev.chorus.distributed;

import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Where a role's facts are kept, recorded in its state store under {@value #KEY}: {@code postgres} (the events table
 * of its schema), or {@code log <id>}, the embedded log in a data directory, named by the id in its
 * {@value #ID_FILE} file. A role's state is only ever paired with the facts it was derived from.
 */
public final class FactsLocation {
    static final String KEY = "role/facts";
    static final String POSTGRES = "postgres";
    static final String ID_FILE = "chorus-log-id";

    private FactsLocation() {}

    /** The embedded log's location in {@code dataDir}, whose id is made (and kept in the directory) on first use. */
    public static String log(Path dataDir) {
        Path file = dataDir.resolve(ID_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                Path temporary = dataDir.resolve(ID_FILE + ".tmp"); // the log deletes a leftover one when it opens
                Files.writeString(temporary, UUID.randomUUID() + "\n");
                try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            return "log " + Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the id of the log in " + dataDir, e);
        }
    }

    /**
     * Records {@code location} as where the role's facts are, or checks it against the one recorded. A store that
     * recorded none but has checkpoints was written before locations were recorded, when facts were only kept in
     * PostgreSQL.
     *
     * @throws FactsElsewhere the store's state belongs to facts kept elsewhere
     */
    public static void claim(StateStore state, String schema, String location) {
        var recorded = state.get(KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        if (recorded.isPresent()) {
            if (!recorded.get().equals(location)) {
                throw new FactsElsewhere(schema, recorded.get(), location);
            }
            return;
        }
        if (!location.equals(POSTGRES) && !state.scan(Checkpoints.PREFIX, 1).isEmpty()) {
            throw new FactsElsewhere(schema, POSTGRES, location);
        }
        state.put(KEY, location.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether a role's facts are in the log of {@code dataDir}, as its state store records; a directory without an id
     * (never given to chorus run) is not read as one, and none is made.
     */
    public static boolean inLogOf(StateStore state, Path dataDir) {
        Path file = dataDir.resolve(ID_FILE);
        try {
            return Files.exists(file) && state.get(KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                    .orElse("").equals("log " + Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the id of the log in " + dataDir, e);
        }
    }

    /** Whether a role's facts are in the embedded log of a data directory, as its state store records. */
    public static boolean inLog(StateStore state) {
        return state.get(KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8).startsWith("log "))
                .orElse(false);
    }

    static String describe(String location) {
        return location.equals(POSTGRES) ? "in PostgreSQL"
                : location.startsWith("log ") ? "in the embedded log " + location.substring(4) + " of a data directory"
                : "in " + location;
    }
}
