package dev.chorus.cli;

import picocli.CommandLine.Command;

/** {@code chorus log}: offline tools for a log that no process has open. */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Check or repair an embedded log that no process has open.")
final class LogCommand {}
