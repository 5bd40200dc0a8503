package dev.chorus.testkit.kafka;

import dev.chorus.devkafka.DevKafka;
import dev.chorus.devkafka.DevKafkaMain;
import dev.chorus.testkit.process.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A real Kafka broker in a child JVM (the test's class path, {@link DevKafkaMain}), for tests where the broker dies:
 * {@link #kill()} SIGKILLs it, {@link #restart()} starts it again on the same port and data directory and waits
 * until it accepts clients. Clients keep their {@link #bootstrapServers()} across restarts. Not thread-safe: one
 * test drives it.
 */
public final class ChildKafka implements AutoCloseable {
    /** How long a start may take before the test fails: a broker start takes a few seconds. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

    private final Path dataDir;
    private final Path stderr;
    private final List<String> earlierStderr = new ArrayList<>();
    private int port;
    private @Nullable ChildJvm jvm;

    private ChildKafka(Path dataDir, int port, Path stderr) {
        this.dataDir = dataDir;
        this.port = port;
        this.stderr = stderr;
    }

    /**
     * Starts a broker in a child JVM on {@code dataDir} (formatted when new) and {@code port} (0 = a free one), and
     * waits until it accepts clients.
     */
    public static ChildKafka start(Path dataDir, int port) {
        Objects.requireNonNull(dataDir, "dataDir");
        DevKafka.quietKafkaLogging();
        Path stderr;
        try {
            stderr = Files.createTempFile("chorus-child-kafka-", ".stderr");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file for the child broker's stderr", e);
        }
        var kafka = new ChildKafka(dataDir.toAbsolutePath().normalize(), port, stderr);
        try {
            kafka.launch();
        } catch (RuntimeException | Error e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** The client port on 127.0.0.1; the same after every restart. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, the same after every restart. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The child's process id, while it runs. */
    public long pid() {
        return requireRunning().pid();
    }

    public boolean isRunning() {
        return jvm != null && jvm.isAlive();
    }

    /** SIGKILLs the broker and waits until it is dead: no shutdown, no flush, whatever it had not written is lost. */
    public void kill() {
        var running = requireRunning();
        jvm = null;
        try {
            running.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the child broker " + running.pid(), e);
        } finally {
            keepStderr(running);
        }
    }

    /**
     * SIGTERMs the broker and waits, at most {@code timeout}, until it has stopped cleanly.
     *
     * @throws AssertionError when it does not stop in time (it is killed then) or did not say it stopped
     */
    public void stop(Duration timeout) {
        var running = requireRunning();
        jvm = null;
        try {
            running.terminate(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the child broker " + running.pid(), e);
        } finally {
            running.close();
            keepStderr(running);
        }
        if (running.lines().stream().noneMatch(line -> line.startsWith("stopped"))) {
            throw new AssertionError("the child broker exited without saying it stopped; its stderr:\n"
                    + stderr());
        }
    }

    /** Starts the broker again, on the same port and data directory, and waits until it accepts clients. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the child broker at " + bootstrapServers() + " is running; kill or "
                    + "stop it first");
        }
        launch();
    }

    /** What the broker JVMs printed on stderr so far, the earlier ones' included. */
    public String stderr() {
        var all = new StringBuilder(String.join("", earlierStderr));
        if (jvm != null) {
            all.append(jvm.stderr());
        }
        return all.toString();
    }

    /** Kills the broker if it runs. Its data directory is the caller's. */
    @Override
    public void close() {
        var running = jvm;
        jvm = null;
        if (running != null) {
            running.close();
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException e) {
            // a temporary file; nothing depends on it
        }
    }

    @Override
    public String toString() {
        return "ChildKafka[" + bootstrapServers() + ", " + dataDir + (isRunning() ? ", running" : ", stopped") + "]";
    }

    private void launch() {
        // room for a broker under a test's load: request buffers, producer batches, the compaction buffer
        var options = new ArrayList<>(List.of("-Xmx512m"));
        if (Runtime.version().feature() >= 23) {
            // Kafka unmaps its index files through sun.misc.Unsafe, which JDK 23+ warns about on stderr.
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        var started = ChildJvm.start(options, DevKafkaMain.class, stderr, "--port", port, "--data-dir", dataDir);
        jvm = started;
        String ready;
        try {
            ready = started.awaitLine(DevKafka.READY, START_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the child broker started", e);
        }
        var address = ADDRESS.matcher(ready);
        if (!address.find()) {
            throw new AssertionError("the child broker's ready line names no address: " + ready);
        }
        port = Integer.parseInt(address.group(1));
    }

    private ChildJvm requireRunning() {
        var running = jvm;
        if (running == null) {
            throw new IllegalStateException("the child broker at " + bootstrapServers() + " is not running; "
                    + "restart() it first");
        }
        return running;
    }

    private void keepStderr(ChildJvm ended) {
        earlierStderr.add(ended.stderr());
    }
}
