package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterNotFound;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option of the dlq commands, and the state store it points at. */
final class DlqStore {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "the service's data directory; its state store is in DIR/state (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    /** The opened store, or empty when the service never wrote state (so it has no dead letters). */
    Optional<EmbeddedStateStore> open() {
        var config = StateStoreConfig.besideLog(DataDir.existing(dataDir));
        // Listing must not leave an empty store behind in a directory it was only asked to read.
        if (!Files.isDirectory(config.dir())) {
            return Optional.empty();
        }
        return Optional.of(EmbeddedStateStore.open(config));
    }

    Path stateDir() {
        return StateStoreConfig.besideLog(dataDir.toAbsolutePath().normalize()).dir();
    }

    /**
     * Opens the store, applies {@code action} to the dead letter named {@code id} and closes the store again. A
     * service that never wrote state has no dead letters: {@link DeadLetterNotFound}.
     */
    <T> T withDeadLetter(String id, BiFunction<DeadLetters, DeadLetterId, T> action) {
        var parsed = DeadLetterId.parse(id);
        try (var state = open().orElseThrow(() -> new DeadLetterNotFound(parsed))) {
            return action.apply(deadLetters(state), parsed);
        }
    }

    static DeadLetters deadLetters(EmbeddedStateStore store) {
        return new DeadLetters(store, Clock.systemUTC());
    }
}
