package dev.chorus.log;

import static dev.chorus.testkit.EventImporterConformance.foreign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.ImportedEvent;
import dev.chorus.core.IndexedImporter;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id index beside the log: rebuilt when it has read past the log, and written within its store's limits. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IndexedImporterTest {
    @TempDir
    Path tmp;

    @Test
    void an_index_that_read_past_the_log_is_built_again_and_skips_nothing_the_log_lacks() {
        var batch = List.of(foreign("payment-1", "evt-1", "a"), foreign("payment-1", "evt-2", "b"),
                foreign("payment-2", "evt-3", "c"));
        Path state = tmp.resolve("state");
        // given an index that read three imported facts from a log that then lost them (its tail cut by a repair)
        try (var log = EmbeddedLog.open(LogConfig.defaults(tmp.resolve("lost")));
             var index = EmbeddedStateStore.open(StateStoreConfig.defaults(state))) {
            new IndexedImporter(log, index, log.config().limits(), Clock.systemUTC()).importEvents(batch);
        }

        // when the same facts are delivered again to the log as it now is
        try (var log = EmbeddedLog.open(LogConfig.defaults(tmp.resolve("cut")));
             var index = EmbeddedStateStore.open(StateStoreConfig.defaults(state))) {
            int imported = new IndexedImporter(log, index, log.config().limits(), Clock.systemUTC())
                    .importEvents(batch);

            // then they are all imported, and the index follows the log again
            assertThat(imported).isEqualTo(3);
            assertThat(log.readStream("payment-1")).extracting(TestEvents::text).containsExactly("a", "b");
            assertThat(Checkpoints.load(index, IndexedImporter.INDEX)).isEqualTo(3);
        }
    }

    @Test
    void an_index_store_that_takes_only_small_commits_is_written_page_by_page() {
        try (var log = EmbeddedLog.open(LogConfig.defaults(tmp.resolve("log")));
             var index = EmbeddedStateStore.open(StateStoreConfig.of(tmp.resolve("state"),
                     c -> c.maxCommitBytes = StateStoreConfig.MIN_MAX_COMMIT_BYTES))) {
            var importer = new IndexedImporter(log, index, log.config().limits(), Clock.systemUTC());
            var batch = new ArrayList<ImportedEvent>();
            for (int i = 0; i < 400; i++) {
                batch.add(foreign("payment-" + i % 7, "evt-" + i, "fact " + i));
            }

            int imported = importer.importEvents(batch);

            assertThat(imported).isEqualTo(400);
            assertThat(importer.importEvents(batch)).as("every id indexed").isZero();
            assertThat(Checkpoints.load(index, IndexedImporter.INDEX)).isEqualTo(400);
        }
    }
}
