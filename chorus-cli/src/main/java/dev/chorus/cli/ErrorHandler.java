package dev.chorus.cli;

import dev.chorus.core.ChorusException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Typed errors say what to do in their message, so the user sees that one line and no stack trace.
 * Anything else is a bug and keeps its stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    private final Io io;

    ErrorHandler(Io io) {
        this.io = io;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) throws Exception {
        switch (e) {
            case ChorusException typed -> io.err().println("chorus: " + typed.getMessage());
            case UncheckedIOException unchecked -> io.err().println("chorus: " + describe(unchecked.getCause()));
            case IOException checked -> io.err().println("chorus: " + describe(checked));
            default -> throw e;
        }
        return 1;
    }

    private static String describe(IOException e) {
        return "I/O error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
