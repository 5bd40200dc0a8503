package dev.chorus.log.crash;

import dev.chorus.core.ImportedEvent;
import dev.chorus.core.IndexedImporter;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import dev.chorus.testkit.TestEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child JVM that {@link KillingTheImporterTest} kills: it imports batch after batch into the log in a directory,
 * through the id index in the state store beside it, as an inbox would after a restart: from the batch given, which
 * the previous child may have imported in part or whole. Prints {@code READY <head> <indexed>} (how far the index
 * had read the log when it opened), then {@code ACK <batch>} once each import returns. Arguments: data dir, first batch.
 */
public final class CrashingImporter {
    static final int EVENTS_PER_BATCH = 12;
    static final int STREAMS = 3;

    private CrashingImporter() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int first = Integer.parseInt(args[1]);
        ChildOutput.dieWithParent(Duration.ofSeconds(30));

        var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.segmentBytes = 64 << 10));
        var state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
        long indexed = Checkpoints.load(state, IndexedImporter.INDEX);
        var importer = new IndexedImporter(log, state, log.config().limits(), Clock.systemUTC());
        ChildOutput.line("READY " + log.headPosition() + " " + indexed);
        for (int batch = first; ; batch++) {
            try {
                importer.importEvents(batch(batch));
            } catch (RuntimeException e) {
                ChildOutput.line("FAILED " + batch + " " + String.valueOf(e).replace('\n', ' '));
                return;
            }
            ChildOutput.line("ACK " + batch);
        }
    }

    /** Batch {@code n}: its events spread over a few streams, each with an id of its own. */
    static List<ImportedEvent> batch(int n) {
        var events = new ArrayList<ImportedEvent>(EVENTS_PER_BATCH);
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            String id = id(n, i);
            events.add(new ImportedEvent(stream(i), NewEvent.of(TestEvents.ORDER_PLACED, id.getBytes())
                    .withMetadata(Map.of(Metadata.EVENT_ID, id))));
        }
        return events;
    }

    static String id(int batch, int index) {
        return "imported-" + batch + "-" + index;
    }

    static String stream(int index) {
        return "payment-" + index % STREAMS;
    }
}
