package dev.chorus.devkafka.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The properties of the single-node development broker: one process that is both the KRaft controller and the
 * broker, listening on 127.0.0.1 only, with internal topics and thread pools sized for a small machine.
 */
public final class BrokerProperties {
    public static final int NODE_ID = 1;
    public static final String HOST = "127.0.0.1";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** Set from the port and the data directory; an override of one of them would break the single-node setup. */
    public static final Set<String> MANAGED = Set.of("process.roles", "node.id", "broker.id",
            "controller.quorum.voters", "controller.quorum.bootstrap.servers", "controller.listener.names",
            "listeners", "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name",
            "log.dirs", "log.dir", "metadata.log.dir");

    /**
     * Kafka's defaults are for a production cluster: 50 partitions for each internal topic (the first consumer group
     * would wait for all of them), replication factor 3, eight I/O threads, a 128 MiB compaction buffer, and a
     * 9 s broker session.
     */
    private static final Map<String, String> SMALL = orderedMap(
            "num.partitions", "1",
            "default.replication.factor", "1",
            "min.insync.replicas", "1",
            "offsets.topic.num.partitions", "5",
            "offsets.topic.replication.factor", "1",
            "transaction.state.log.num.partitions", "5",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "share.coordinator.state.topic.num.partitions", "5",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0",
            // A broker killed and started again registers anew; the controller waits for the old registration's
            // session to expire first (9 s by default).
            "broker.session.timeout.ms", "3000",
            "broker.heartbeat.interval.ms", "500",
            "num.network.threads", "2",
            "num.io.threads", "2",
            "background.threads", "2",
            "num.recovery.threads.per.data.dir", "1",
            "group.coordinator.threads", "1",
            "log.cleaner.dedupe.buffer.size", String.valueOf(8 << 20));

    private BrokerProperties() {}

    public static Properties of(int port, int controllerPort, Path dataDir, Map<String, String> overrides) {
        var props = new Properties();
        props.putAll(SMALL);
        props.putAll(overrides);
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.toString());
        return props;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
