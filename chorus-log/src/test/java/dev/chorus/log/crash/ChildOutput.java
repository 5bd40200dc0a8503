package dev.chorus.log.crash;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** How a child JVM talks to the test: whole lines on stdout, and it dies with its parent. */
final class ChildOutput {
    /** Unbuffered, so a line is one write(2) to the pipe, on its way to the test before the call returns. */
    private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);

    private ChildOutput() {}

    static synchronized void line(String line) {
        try {
            OUT.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Halts when stdin closes (the test JVM went away) or after {@code lifetime}, so that no child
     * outlives a test run that failed to kill it.
     */
    static void dieWithParent(Duration lifetime) {
        Thread.ofPlatform().daemon(true).name("parent-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the test sends nothing; end of input means it is gone
                }
            } catch (IOException ignored) {
                // the same: the parent is gone
            }
            Runtime.getRuntime().halt(3);
        });
        Thread.ofPlatform().daemon(true).name("lifetime").start(() -> {
            try {
                Thread.sleep(lifetime);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            line("EXPIRED");
            Runtime.getRuntime().halt(4);
        });
    }
}
