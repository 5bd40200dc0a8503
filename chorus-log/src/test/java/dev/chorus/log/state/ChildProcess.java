package dev.chorus.log.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child JVM running a main class of these tests on the test's class path. Its stdout is collected as whole
 * lines only: a line the kill cut before its newline is not a line.
 */
final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    private ChildProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon(true).name("child-" + process.pid()).start(this::read);
    }

    static ChildProcess start(Class<?> main, Path stderr, Object... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        Stream.of(args).map(String::valueOf).forEach(command::add);
        try {
            return new ChildProcess(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits, at most {@code timeout}, for a line starting with {@code prefix}, and returns it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("the child printed no line starting with '" + prefix + "'"
                            + (ended ? " before its output ended" : " in " + timeout) + "; its stderr:\n" + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** SIGKILLs the child (destroyForcibly, on Linux), waits for it and its output, and returns its exit code. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " survived SIGKILL for 30 s");
        }
        reader.join(Duration.ofSeconds(30));
        return process.exitValue();
    }

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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            // Not readLine: it would return a last line cut short by the kill as if it were whole.
            var pending = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    synchronized (lines) {
                        lines.add(pending.toString());
                        lines.notifyAll();
                    }
                    pending.setLength(0);
                } else {
                    pending.append((char) c);
                }
            }
        } catch (IOException e) {
            // the same as the end of its output
        }
        synchronized (lines) {
            ended = true;
            lines.notifyAll();
        }
    }
}
