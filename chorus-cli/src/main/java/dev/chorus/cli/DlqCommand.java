package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chorus dlq}: the dead letters in a stopped service's state store. Retry and discard are recorded
 * there; each handler acts on them when its service starts again (the CLI has none of the handlers' code).
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"List, show, retry or discard the dead letters of a service that is not running.",
                "Retry and discard are recorded in its state store; the handler acts on them when it next starts."},
        footer = {"", "Exit codes: 0 ok, 1 error (no such dead letter, already resolved or discarded, store in use"
                + " or damaged), 64 usage error."})
final class DlqCommand {
    static CommandLine commandLine(Io io) {
        return new CommandLine(new DlqCommand())
                .addSubcommand(new DlqListCommand(io))
                .addSubcommand(new DlqShowCommand(io))
                .addSubcommand(new DlqRetryCommand(io))
                .addSubcommand(new DlqDiscardCommand(io));
    }
}
