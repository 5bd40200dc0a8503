package dev.chorus.cli;

import dev.chorus.core.ValidationError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data directory option's checks, shared by the offline tools. */
final class DataDir {
    static final String DEFAULT = "./chorus-data";

    private DataDir() {}

    /** An existing directory, absolute so that messages say which one. */
    static Path existing(Path dir) {
        return existing(dir, "");
    }

    /** As {@link #existing(Path)}, the refusal ending with {@code alternative} (", or ..."). */
    static Path existing(Path dir, String alternative) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new ValidationError("dataDir", "there is no log in " + absolute + ": no such directory;"
                    + " pass the --data-dir the log was written to" + alternative);
        }
        return absolute;
    }

    /** As {@link #existingLog(Path)}, the refusal of a missing directory ending with {@code alternative}. */
    static Path existingLog(Path dir, String alternative) {
        existing(dir, alternative);
        return existingLog(dir);
    }

    /**
     * An existing directory that holds a log: at least one segment file (an opened log always has one). A directory
     * without any is a mistyped {@code --data-dir}, not a healthy empty log, and nothing is created in it.
     */
    static Path existingLog(Path dir) {
        Path absolute = existing(dir);
        try (var files = Files.list(absolute)) {
            if (files.noneMatch(file -> file.getFileName().toString().endsWith(".seg"))) {
                throw new ValidationError("dataDir", "there is no log in " + absolute + ": no segment files (*.seg);"
                        + " pass the --data-dir the log was written to");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return absolute;
    }
}
