package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chorus projections}: the read models of a service that is not running (the log and its state store are
 * opened exclusively), over the projections its application registers.
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        header = "List, measure or rebuild the application's projections.",
        description = {"List the application's projections, show how far behind the log each one is, or rebuild one",
                "from position 0. The service must not be running: these commands open its log and state store."},
        footer = {"", "Exit codes: 0 ok, 1 error (unknown projection, a projection failed, log or store in use),"
                + " 64 usage error."})
final class ProjectionsCommand {
    static CommandLine commandLine(Io io, ChorusApplication application) {
        return new CommandLine(new ProjectionsCommand())
                .addSubcommand(new ProjectionsListCommand(io, application))
                .addSubcommand(new ProjectionsLagCommand(io, application))
                .addSubcommand(new ProjectionsRebuildCommand(io, application))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
