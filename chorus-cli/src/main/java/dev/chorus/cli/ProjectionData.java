package dev.chorus.cli;

import dev.chorus.core.state.StateStore;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option of the projections commands: the service's log, and its state store beside it. */
final class ProjectionData {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "the service's data directory: its log, and its state store in DIR/state"
                    + " (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    Path dir() {
        return DataDir.existing(dataDir);
    }

    /** The service's log; a directory that holds none is refused rather than given a new, empty one. */
    EmbeddedLog openLog() {
        return EmbeddedLog.open(LogConfig.defaults(DataDir.existingLog(dataDir)));
    }

    /** The state store, created when missing: a rebuild writes one. */
    EmbeddedStateStore openOrCreateState() {
        return EmbeddedStateStore.open(StateStoreConfig.besideLog(dir()));
    }

    /** The state store, or empty when the service never wrote state: reading must not leave an empty store behind. */
    Optional<StateStore> openStateIfAny() {
        var config = StateStoreConfig.besideLog(dir());
        if (!Files.isDirectory(config.dir())) {
            return Optional.empty();
        }
        return Optional.of(EmbeddedStateStore.open(config));
    }
}
