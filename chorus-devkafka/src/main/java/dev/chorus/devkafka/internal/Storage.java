package dev.chorus.devkafka.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

/** Formats a new data directory for the single-node KRaft cluster, as {@code kafka-storage.sh format} does. */
public final class Storage {
    private Storage() {}

    /** Formats {@code dir} with a new cluster id unless it is formatted already; returns whether it did. */
    public static boolean formatIfNew(Path dir) throws Exception {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve("meta.properties"))) {
            return false;
        }
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(BrokerProperties.NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                // Static voters (controller.quorum.voters): the controller's port is not written into the log,
                // so a restart may take another free one.
                .setHasDynamicQuorum(false)
                .setMetadataLogDirectory(dir.toString())
                .addDirectory(dir.toString())
                .run();
        return true;
    }
}
