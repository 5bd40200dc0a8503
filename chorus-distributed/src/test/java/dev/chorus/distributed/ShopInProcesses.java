package dev.chorus.distributed;

import dev.chorus.shop.ShopRole;
import dev.chorus.testkit.process.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every role of the shop in its own OS process ({@link ShopProcessMain} in a child JVM), to kill and start again. */
final class ShopInProcesses implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(90);

    private final String kafka;
    private final String postgres;
    private final String schemaPrefix;
    private final Path logs;
    private final Map<ShopRole, ChildJvm> processes = new EnumMap<>(ShopRole.class);
    private final Map<ShopRole, Path> dataDirs = new EnumMap<>(ShopRole.class);
    private final List<ChildJvm> everyone = new ArrayList<>();
    private int started;

    ShopInProcesses(String kafka, String postgres, String schemaPrefix, Path logs) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.schemaPrefix = schemaPrefix;
        this.logs = logs;
    }

    String schemaOf(ShopRole role) {
        return schemaPrefix + role.id();
    }

    /** From now on, {@code role} keeps its facts in the embedded log in {@code dir} ({@code --data-dir}). */
    ShopInProcesses withDataDir(ShopRole role, Path dir) {
        dataDirs.put(role, dir);
        return this;
    }

    /** Starts {@code role} in a new process and waits until it says it is ready; returns its ready line. */
    String start(ShopRole role) throws InterruptedException {
        var args = new ArrayList<Object>(List.of(role.id(), "--kafka", kafka, "--postgres", postgres, "--port", 0,
                "--schema", schemaOf(role), "--kafka-config", clientConfig()));
        if (dataDirs.containsKey(role)) {
            args.addAll(List.of("--data-dir", dataDirs.get(role)));
        }
        var child = ChildJvm.start(ShopProcessMain.class, logs.resolve(role.id() + "-" + (++started) + ".err"),
                args.toArray());
        everyone.add(child);
        processes.put(role, child);
        return child.awaitLine("ready", START);
    }

    /**
     * A killed process stays a member of its role's consumer group until its session times out, holding its
     * partitions: six seconds here (the broker's minimum) instead of Kafka's 45, so a restarted service gets
     * them back quickly.
     */
    private Path clientConfig() {
        Path file = logs.resolve("kafka-client.properties");
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    void startAll() throws InterruptedException {
        for (var role : ShopRole.values()) {
            start(role);
        }
    }

    /** The API's address, from its ready line. */
    URI api() throws InterruptedException {
        String ready = processes.get(ShopRole.API).awaitLine("ready", START);
        int at = ready.indexOf("http://");
        return URI.create(ready.substring(at, ready.indexOf(';', at)));
    }

    /** Stops the role's process with SIGTERM and waits until it is gone. */
    void stop(ShopRole role) throws InterruptedException {
        processes.get(role).terminate(Duration.ofSeconds(30));
    }

    /** SIGKILLs the role's process. */
    void kill(ShopRole role) throws InterruptedException {
        processes.get(role).kill();
    }

    ChildJvm process(ShopRole role) {
        return processes.get(role);
    }

    /** Stops every process still running with SIGTERM, so it leaves its consumer group for the next test. */
    @Override
    public void close() {
        for (var child : everyone) {
            try {
                if (child.isAlive()) {
                    child.terminate(Duration.ofSeconds(30));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (AssertionError slow) {
                // terminate already killed it
            } finally {
                child.close();
            }
        }
    }
}
