package dev.chorus.devkafka;

import dev.chorus.devkafka.internal.BrokerProperties;
import dev.chorus.devkafka.internal.Directories;
import dev.chorus.devkafka.internal.Ports;
import dev.chorus.devkafka.internal.QuietLogging;
import dev.chorus.devkafka.internal.Storage;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.jspecify.annotations.Nullable;

/**
 * A real Apache Kafka broker, KRaft controller and broker in one, running inside this JVM on 127.0.0.1, for
 * development and tests. {@link #start} formats a new data directory, starts the server and returns once it
 * accepts clients; {@link #close} stops it and frees its ports. Starting again on the same data directory and port
 * finds the topics and records where they were.
 */
public final class DevKafka implements AutoCloseable {
    /** Every line that announces a started broker begins with this word. */
    public static final String READY = "ready";

    private static final int BIND_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final Path dataDir;
    private final boolean temporary;
    private boolean closed;

    private DevKafka(KafkaRaftServer server, int port, Path dataDir, boolean temporary) {
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /** Starts a broker with the defaults changed by {@code setup}: {@code DevKafka.start(c -> c.port = 9092)}. */
    public static DevKafka start(Consumer<DevKafkaConfig.Builder> setup) {
        return start(DevKafkaConfig.of(setup));
    }

    /**
     * Starts a broker and waits, at most {@link DevKafkaConfig#startTimeout()}, until it answers clients.
     *
     * @throws BrokerStartFailed when it does not, with the broker's error as the cause; nothing is left running
     */
    public static DevKafka start(DevKafkaConfig config) {
        Objects.requireNonNull(config, "config");
        QuietLogging.apply();
        Path configured = config.dataDir();
        boolean temporary = configured == null;
        Path dir = temporary ? createTempDir(config) : configured.toAbsolutePath().normalize();
        try {
            if (config.port() != 0) {
                // Found before Kafka starts, this is one line; found by Kafka, it is pages of fatal errors first.
                var inUse = Ports.bindFailure(config.port());
                if (inUse != null) {
                    throw portInUse(config, dir, inUse);
                }
            }
            try {
                Storage.formatIfNew(dir);
            } catch (Exception e) {
                throw new BrokerStartFailed(config.port(), dir, "cannot format " + dir + " for Kafka: " + e, e);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    return boot(config, dir, temporary);
                } catch (PortTaken e) {
                    // A free port picked here was taken by another process before the broker bound it.
                    if (attempt == BIND_ATTEMPTS) {
                        throw new BrokerStartFailed(config.port(), dir, "the broker could not bind its ports in "
                                + BIND_ATTEMPTS + " attempts: " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (temporary) {
                deleteQuietly(dir, e);
            }
            throw e;
        }
    }

    /**
     * Sets the log level of Kafka's loggers, the broker's and the clients', to WARN unless set already. {@link #start}
     * does it; call it earlier when Kafka clients are created before the first broker starts. Works with the
     * slf4j-simple backend this module brings; another SLF4J backend is configured its own way.
     */
    public static void quietKafkaLogging() {
        QuietLogging.apply();
    }

    /** The client port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** What clients put in {@code bootstrap.servers}: {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + port;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDir() {
        return dataDir;
    }

    /** Whether the data directory is a temporary one, deleted on {@link #close}. */
    public boolean temporaryDataDir() {
        return temporary;
    }

    /** The one line a process prints once the broker accepts clients: it starts with {@link #READY}. */
    public String readyLine() {
        return READY + ": Apache Kafka " + AppInfoParser.getVersion() + " (KRaft, single node) accepts clients at "
                + bootstrapServers() + "; data in " + dataDir + (temporary ? " (deleted on stop)" : "");
    }

    /** Stops the broker, waits until its ports are free, and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporary) {
                Directories.deleteRecursively(dataDir);
            }
        }
    }

    @Override
    public String toString() {
        return "DevKafka[" + bootstrapServers() + ", " + dataDir + "]";
    }

    private static DevKafka boot(DevKafkaConfig config, Path dir, boolean temporary) throws PortTaken {
        int port = config.port() == 0 ? Ports.free() : config.port();
        int controllerPort = Ports.free();
        while (controllerPort == port) {
            controllerPort = Ports.free();
        }
        var props = BrokerProperties.of(port, controllerPort, dir, config.overrides());
        KafkaRaftServer server;
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        } catch (RuntimeException e) {
            throw new BrokerStartFailed(config.port(), dir, "the broker refused its configuration or data directory "
                    + dir + ": " + e.getMessage(), e);
        }
        var broker = new DevKafka(server, port, dir, temporary);
        try {
            server.startup();
        } catch (Throwable e) {
            stopAfterFailedStart(server, e);
            if (bindFailure(e) != null) {
                if (config.port() != 0 && Ports.bindFailure(config.port()) != null) {
                    throw portInUse(config, dir, e);
                }
                throw new PortTaken(e);
            }
            throw new BrokerStartFailed(config.port(), dir, "the broker failed to start on " + dir + ": " + e, e);
        }
        try {
            awaitClients(broker, config.startTimeout());
        } catch (RuntimeException e) {
            stopAfterFailedStart(server, e);
            throw e;
        }
        return broker;
    }

    private static void awaitClients(DevKafka broker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        @Nullable Throwable last = null;
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new BrokerStartFailed(broker.port, broker.dataDir, "the broker did not accept clients at "
                            + broker.bootstrapServers() + " within " + timeout
                            + (last == null ? "" : "; the last answer: " + last), last);
                }
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(left,
                            Integer.MAX_VALUE))).nodes().get(left, TimeUnit.MILLISECONDS);
                    // A fenced broker is left out of the answer: it cannot lead partitions yet.
                    if (nodes.stream().anyMatch(node -> node.id() == BrokerProperties.NODE_ID)) {
                        return;
                    }
                    Thread.sleep(20);
                } catch (ExecutionException e) {
                    last = e.getCause();
                } catch (TimeoutException e) {
                    last = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerStartFailed(broker.port, broker.dataDir, "interrupted while waiting for the broker at "
                    + broker.bootstrapServers(), e);
        }
    }

    private static BrokerStartFailed portInUse(DevKafkaConfig config, Path dir, Throwable cause) {
        return new BrokerStartFailed(config.port(), dir, "port " + config.port() + " on " + BrokerProperties.HOST
                + " is in use (another broker?); choose another port, or 0 for a free one", cause);
    }

    private static void stopAfterFailedStart(KafkaRaftServer server, Throwable failure) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (Throwable e) {
            failure.addSuppressed(e);
        }
    }

    private static @Nullable BindException bindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private static Path createTempDir(DevKafkaConfig config) {
        try {
            return Files.createTempDirectory("chorus-devkafka-");
        } catch (IOException e) {
            throw new BrokerStartFailed(config.port(), Path.of(System.getProperty("java.io.tmpdir")),
                    "cannot create a temporary data directory: " + e, e);
        }
    }

    private static void deleteQuietly(Path dir, Exception failure) {
        try {
            Directories.deleteRecursively(dir);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** A port was taken between picking it and binding it. */
    private static final class PortTaken extends Exception {
        PortTaken(Throwable cause) {
            super(cause);
        }
    }
}
