package dev.chorus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code chorus projections}: the read models of a stopped demo (its data directory's log and state store are opened
 * exclusively), or of one role started with chorus run (in its PostgreSQL schema), over the projections that run
 * there.
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        header = "List, measure or rebuild the application's projections.",
        description = {"List the application's projections, show how far behind the log each one is, or rebuild one",
                "from position 0.",
                "In a data directory (--data-dir) the service must not be running: these commands open its log and",
                "state store.",
                "In a distributed role's schema (--postgres, --schema) list and lag read while the role runs;",
                "rebuild needs every instance of the role stopped (it holds the role's leadership meanwhile)."},
        footer = {"", "Exit codes: 0 ok, 1 error (unknown projection, a projection failed, log or store in use, the"
                + " role's leadership held or lost during a rebuild, no event store in the schema, a --role whose"
                + " projections the schema does not hold), 64 usage error."})
final class ProjectionsCommand {
    static CommandLine commandLine(Io io, ChorusApplication application) {
        return new CommandLine(new ProjectionsCommand())
                .addSubcommand(new ProjectionsListCommand(io, application))
                .addSubcommand(new ProjectionsLagCommand(io, application))
                .addSubcommand(new ProjectionsRebuildCommand(io, application))
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
