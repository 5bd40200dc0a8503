package dev.chorus.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Objects;

/** Where a command reads answers from and writes to: the terminal, or buffers in a test. */
record Io(InputStream in, PrintStream out, PrintStream err) {
    Io {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
    }

    static Io system() {
        return new Io(System.in, System.out, System.err);
    }
}
