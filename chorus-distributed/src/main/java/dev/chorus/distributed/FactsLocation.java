package dev.chorus.distributed;

import dev.chorus.core.ValidationError;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a role's facts are kept, recorded in its state store under {@value #KEY}: {@code postgres} (the events table
 * of its schema), or {@code log <id>}, the embedded log in a data directory, named by the id in its
 * {@value #ID_FILE} file. A role's state is only ever paired with the facts it was derived from.
 */
public final class FactsLocation {
    static final String KEY = "role/facts";
    /** The directory a role's log was last opened in, for messages: the id says which log, this where it was. */
    static final String DIR_KEY = "role/facts-dir";
    static final String POSTGRES = "postgres";
    static final String ID_FILE = "chorus-log-id";
    private static final String LOG = "log ";

    private FactsLocation() {}

    /**
     * The embedded log's location in {@code dataDir}, whose id is made on first use and kept in the directory
     * (written, synced, renamed into place and the directory synced: a restart after a power loss finds the same id).
     */
    public static String log(Path dataDir) {
        try {
            var id = idOf(dataDir);
            if (id.isPresent()) {
                return LOG + id.get();
            }
            Files.createDirectories(dataDir);
            Path temporary = dataDir.resolve(ID_FILE + ".tmp"); // the log deletes a leftover one when it opens
            Files.writeString(temporary, UUID.randomUUID() + "\n");
            force(temporary, StandardOpenOption.WRITE);
            Files.move(temporary, dataDir.resolve(ID_FILE), StandardCopyOption.ATOMIC_MOVE);
            force(dataDir, StandardOpenOption.READ);
            return LOG + idOf(dataDir).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or make the id of the log in " + dataDir, e);
        }
    }

    private static Optional<String> idOf(Path dataDir) throws IOException {
        Path file = dataDir.resolve(ID_FILE);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                : Optional.empty();
    }

    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (var channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }

    /**
     * Records {@code location} as where the role's facts are, or checks it against the one recorded. A store that
     * recorded none but holds checkpoints, or whose schema holds facts ({@code schemaHoldsFacts}), was written before
     * locations were recorded, when facts were only kept in PostgreSQL.
     *
     * @throws FactsElsewhere the store's state belongs to facts kept elsewhere
     */
    public static void claim(StateStore state, String schema, String location, boolean schemaHoldsFacts) {
        var recorded = recorded(state).or(() -> inferred(state, schemaHoldsFacts));
        if (recorded.isPresent() && !recorded.get().equals(location)) {
            throw elsewhere(state, schema, recorded.get(), location);
        }
        if (recorded(state).isEmpty()) {
            state.put(KEY, location.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Claims the schema for the log in {@code dataDir}, deciding before anything is made there: a directory that cannot
     * be the log the schema records (a new one when the schema records another place, one with another id) is refused,
     * and so is a directory holding a log chorus run did not make (a demo's data directory, say), whose facts would all
     * be published as the role's. Then the directory's id is made if it is new, recorded, and the directory
     * remembered; the log is opened afterwards.
     *
     * @return the log's location, {@code log <id>}
     * @throws FactsElsewhere the schema's role keeps its facts elsewhere
     * @throws ValidationError the directory holds a log that is no role's
     */
    static String claimLog(StateStore state, String schema, Path dataDir, boolean schemaHoldsFacts) {
        try {
            var id = idOf(dataDir);
            var recorded = recorded(state).or(() -> inferred(state, schemaHoldsFacts));
            String given = id.map(value -> LOG + value).orElse(LOG + "(new, in " + dataDir + ")");
            if (recorded.isPresent() && !recorded.get().equals(given)) {
                throw elsewhere(state, schema, recorded.get(), given);
            }
            if (id.isEmpty() && holdsSegments(dataDir)) {
                throw new ValidationError("dataDir", dataDir + " holds a log that chorus run did not make (a chorus"
                        + " demo's data directory?): give the role a --data-dir of its own");
            }
            String location = log(dataDir);
            claim(state, schema, location, schemaHoldsFacts);
            remember(state, dataDir);
            return location;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log in " + dataDir, e);
        }
    }

    private static boolean holdsSegments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var files = Files.list(dir)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".seg"));
        }
    }

    /** Notes where the log is now, so that a refusal can say where the role last ran. */
    static void remember(StateStore state, Path dataDir) {
        byte[] path = dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8);
        if (!state.get(DIR_KEY).map(stored -> java.util.Arrays.equals(stored, path)).orElse(false)) {
            state.put(DIR_KEY, path);
        }
    }

    private static FactsElsewhere elsewhere(StateStore state, String schema, String recorded, String given) {
        var dir = recorded.startsWith(LOG) ? state.get(DIR_KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                : Optional.<String>empty();
        return new FactsElsewhere(schema, recorded, given, dir);
    }

    /** Where a schema that recorded nothing keeps its facts: PostgreSQL, if it holds facts or checkpoints. */
    private static Optional<String> inferred(StateStore state, boolean schemaHoldsFacts) {
        return schemaHoldsFacts || !state.scan(Checkpoints.PREFIX, 1).isEmpty() ? Optional.of(POSTGRES)
                : Optional.empty();
    }

    private static Optional<String> recorded(StateStore state) {
        return state.get(KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * Whether a role's facts are in the log of {@code dataDir}, as its state store records; a directory without an id
     * (never given to chorus run) is not read as one, and none is made.
     */
    public static boolean inLogOf(StateStore state, Path dataDir) {
        try {
            var id = idOf(dataDir);
            return id.isPresent() && recorded(state).equals(Optional.of(LOG + id.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the id of the log in " + dataDir, e);
        }
    }

    /** Whether {@code dir} holds the log of a role started with chorus run --data-dir (its state is in PostgreSQL). */
    public static boolean isRoleLog(Path dir) {
        return Files.exists(dir.resolve(ID_FILE));
    }

    /** The directory the role's log was last opened in, as its state store remembers; empty for none. */
    public static Optional<String> lastDir(StateStore state) {
        return state.get(DIR_KEY).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** Whether a role's facts are in the embedded log of a data directory, as its state store records. */
    public static boolean inLog(StateStore state) {
        return recorded(state).filter(location -> location.startsWith(LOG)).isPresent();
    }

    static String describe(String location) {
        return location.equals(POSTGRES) ? "in PostgreSQL"
                : location.startsWith(LOG) ? "in the embedded log " + location.substring(LOG.length())
                + " of a data directory" : "in " + location;
    }
}
