package dev.chorus.log.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A child JVM running a main class of these tests on the test's class path. Its stdout is read on a
 * thread as whole lines only: a line the child was killed in the middle of is not a line.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    /** First lines awaited, by prefix; guarded by {@code lines}, as is {@code ended}. */
    private final Map<String, CompletableFuture<String>> awaited = new HashMap<>();
    private boolean ended;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon(true).name("child-stdout-" + process.pid())
                .start(() -> read(process.getInputStream()));
    }

    static ChildJvm start(Class<?> main, Path stderr, Object... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        Stream.of(args).map(String::valueOf).forEach(command::add);
        try {
            var process = new ProcessBuilder(command)
                    .redirectError(stderr.toFile())
                    .start();
            return new ChildJvm(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the child's {@code READY ...} line and returns it. */
    String awaitReady(Duration timeout) throws InterruptedException {
        return awaitLine("READY", timeout);
    }

    /** Waits for the first line starting with {@code prefix}, printed already or to come, and returns it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        CompletableFuture<String> line;
        synchronized (lines) {
            for (String printed : lines) {
                if (printed.startsWith(prefix)) {
                    return printed;
                }
            }
            line = awaited.computeIfAbsent(prefix, p -> new CompletableFuture<>());
            if (ended) {
                line.completeExceptionally(new IllegalStateException("the child's stdout ended"));
            }
        }
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the child printed no line starting with '" + prefix + "': " + e
                    + "\nits stderr:\n" + stderr(), e);
        }
    }

    /**
     * SIGKILLs the child and waits for it and for the end of its output. Through the process handle:
     * {@code Process.destroyForcibly()} also closes our end of its stdout, dropping the last acknowledgements
     * it printed, which would make the audit weaker than the child's real record.
     */
    int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " survived SIGKILL for 20 s");
        }
        reader.join(Duration.ofSeconds(20));
        return process.exitValue();
    }

    /** Every whole line the child printed; complete once {@link #kill()} returned. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills the child if a test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void read(InputStream in) {
        var line = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 << 10];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        line.write(chunk, start, i - start);
                        add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(chunk, start, n - start);
            }
        } catch (IOException e) {
            // the same as the end of its output
        }
        synchronized (lines) {
            ended = true;
            var end = new IllegalStateException("the child's stdout ended");
            awaited.values().forEach(waiting -> waiting.completeExceptionally(end));
        }
    }

    private void add(String line) {
        synchronized (lines) {
            lines.add(line);
            awaited.forEach((prefix, f) -> {
                if (line.startsWith(prefix)) {
                    f.complete(line);
                }
            });
        }
    }
}
