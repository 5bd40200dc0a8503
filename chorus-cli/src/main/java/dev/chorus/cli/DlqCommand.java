package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chorus dlq}: the dead letters in a service's state store, the embedded store of a stopped service
 * ({@code --data-dir}) or a distributed role's PostgreSQL schema ({@code --postgres}, {@code --schema}), running or
 * not. Retry and discard are recorded there and the handler acts on them when it next starts (the CLI has none of
 * the handlers' code); a running distributed role's leader performs a retry at once.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"List, show, retry, discard or purge the dead letters of a service: an embedded one that is"
                + " not running (--data-dir), or a role started with chorus run (--postgres and --schema).",
                "Retry and discard are recorded in its state store; the handler acts on them when it next starts.",
                "A running distributed role's leader performs a retry at once."},
        footer = {"", "Exit codes: 0 ok, 1 error (no such dead letter, already resolved or discarded, store in use"
                + " or damaged, database unreachable), 2 a distributed role's leader performed the retry and it"
                + " failed again, 64 usage error."})
final class DlqCommand {
    static CommandLine commandLine(Io io) {
        return new CommandLine(new DlqCommand())
                .addSubcommand(new DlqListCommand(io))
                .addSubcommand(new DlqShowCommand(io))
                .addSubcommand(new DlqRetryCommand(io))
                .addSubcommand(new DlqDiscardCommand(io))
                .addSubcommand(new DlqPurgeCommand(io));
    }
}
