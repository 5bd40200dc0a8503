package dev.chorus.cli;

import dev.chorus.core.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data directory option's checks, shared by the offline tools. */
final class DataDir {
    static final String DEFAULT = "./chorus-data";

    private DataDir() {}

    /** An existing directory, absolute so that messages say which one. */
    static Path existing(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new ValidationError("dataDir", "there is no log in " + absolute + ": no such directory;"
                    + " pass the --data-dir the log was written to");
        }
        return absolute;
    }
}
