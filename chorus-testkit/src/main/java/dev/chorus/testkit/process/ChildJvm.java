package dev.chorus.testkit.process;

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
import org.jspecify.annotations.Nullable;

/**
 * A child JVM running a main class on the test's class path, for tests that kill a process (the log's and the state
 * store's crash and lock tests, a Kafka broker restarted mid-load). Its stdout is collected as whole
 * lines only: a line the kill cut before its newline is not a line. Every whole line it printed before it died is
 * collected, or the test fails: a crash test that lost the last acknowledgements would both blame the store for
 * commits it rightly kept and excuse it for acknowledged commits it lost.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();
    private boolean ended;
    private @Nullable IOException readFailure;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon(true).name("child-" + process.pid()).start(this::read);
    }

    /** Starts {@code main} with {@code args} in a small JVM that starts fast; its stderr goes to {@code stderr}. */
    public static ChildJvm start(Class<?> main, Path stderr, Object... args) {
        return start(List.of(), main, stderr, args);
    }

    /** Like {@link #start(Class, Path, Object...)}, with JVM options after the defaults (a later one wins). */
    public static ChildJvm start(List<String> jvmOptions, Class<?> main, Path stderr, Object... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Stream.of(args).map(String::valueOf).forEach(command::add);
        try {
            return new ChildJvm(new ProcessBuilder(command).redirectError(stderr.toFile()).start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Waits for the child's {@code READY ...} line and returns it. */
    public String awaitReady(Duration timeout) throws InterruptedException {
        return awaitLine("READY", timeout);
    }

    /** Waits, at most {@code timeout}, for a line starting with {@code prefix}, and returns it. */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
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

    /**
     * SIGKILLs the child, waits for it to die and for every line it printed to be read, and returns its exit code.
     * The signal goes through the {@link ProcessHandle}, not {@link Process#destroyForcibly()}: that one also closes
     * this end of the child's stdout, throwing away whatever is still in the pipe, which is exactly the last
     * acknowledgements the child printed before the kill.
     */
    public int kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " survived SIGKILL for 30 s");
        }
        // Once the child is dead, the pipe ends after what it holds; the JDK keeps those bytes for the reader.
        if (!reader.join(Duration.ofSeconds(30))) {
            throw new AssertionError("the output of the child " + process.pid() + " did not end in 30 s after it died");
        }
        ensureReadWhole();
        return process.exitValue();
    }

    /**
     * SIGTERMs the child, as a service manager stops a process, and waits, at most {@code timeout}, for it to exit
     * and for every line it printed to be read; returns its exit code.
     *
     * @throws AssertionError when it is still running after {@code timeout}; it is killed then
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            close();
            throw new AssertionError("the child " + process.pid() + " did not exit within " + timeout
                    + " of SIGTERM; killed it. Its stderr:\n" + stderr());
        }
        if (!reader.join(Duration.ofSeconds(30))) {
            throw new AssertionError("the output of the child " + process.pid() + " did not end in 30 s after it exited");
        }
        ensureReadWhole();
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The whole lines printed so far; after {@link #kill}, all of them. */
    public List<String> lines() {
        ensureReadWhole();
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Makes sure no child outlives its test; its output no longer matters here. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
            // Not the end of the output: the lines after this point are lost, and the test must not go on without them.
            synchronized (lines) {
                readFailure = e;
            }
        }
        synchronized (lines) {
            ended = true;
            lines.notifyAll();
        }
    }

    private void ensureReadWhole() {
        synchronized (lines) {
            if (readFailure != null) {
                throw new AssertionError("reading the output of the child " + process.pid() + " failed after "
                        + lines.size() + " lines; the lines after them are lost", readFailure);
            }
        }
    }
}
