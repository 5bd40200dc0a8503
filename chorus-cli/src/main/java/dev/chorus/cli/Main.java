package dev.chorus.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code chorus}. Subcommands are registered here, explicitly. */
@Command(name = "chorus", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Chorus: event-driven microservices on a durable log.",
        footer = {"", "Exit codes: 0 ok, 1 error, 2 log damaged (log verify) or a retry that failed again (dlq retry), 64"
                + " usage error."})
public final class Main {
    /** A command line that picocli could not parse; distinct from 2, which {@code log verify} uses for damage. */
    static final int USAGE_ERROR = 64;
    private static final String LOG_FORMAT = "java.util.logging.SimpleFormatter.format";

    public static void main(String[] args) {
        System.exit(execute(ChorusApplication.shop(), args));
    }

    /**
     * Runs the {@code chorus} command for {@code application} instead of Chorus Shop and returns its exit code: what
     * an application built on Chorus calls from a {@code main} of its own, so that {@code projections list|lag|rebuild}
     * know its read models (every other command is the same).
     */
    public static int execute(ChorusApplication application, String... args) {
        // The log reports what it repairs through java.util.logging: one line each, like the CLI's own.
        if (System.getProperty(LOG_FORMAT) == null) {
            System.setProperty(LOG_FORMAT, "chorus: %4$s: %5$s%6$s%n");
        }
        return commandLine(Io.system(), application).execute(args);
    }

    static CommandLine commandLine(Io io) {
        return commandLine(io, ChorusApplication.shop());
    }

    static CommandLine commandLine(Io io, ChorusApplication application) {
        var log = new CommandLine(new LogCommand())
                .addSubcommand(new VerifyCommand(io))
                .addSubcommand(new RepairCommand(io));
        var bench = new CommandLine(new BenchCommand(io)).setStopAtPositional(true);
        var cli = new CommandLine(new Main())
                .addSubcommand(new DemoCommand(io))
                .addSubcommand(new DevKafkaCommand(io))
                .addSubcommand(new RunCommand(io))
                .addSubcommand(log)
                .addSubcommand(bench)
                .addSubcommand(DlqCommand.commandLine(io))
                .addSubcommand(ProjectionsCommand.commandLine(io, application))
                .addSubcommand(new VersionCommand(io))
                .addSubcommand(new CommandLine.HelpCommand());
        withVersion(cli);
        cli.setUsageHelpWidth(100);
        cli.setOut(new PrintWriter(io.out(), true));
        cli.setErr(new PrintWriter(io.err(), true));
        cli.setExecutionExceptionHandler(new ErrorHandler(io));
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE_ERROR : 1);
        return cli;
    }

    /** Every subcommand answers {@code --version} as the command does (picocli's default there is nothing). */
    private static void withVersion(CommandLine command) {
        for (var sub : command.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null && sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().versionProvider(new Version());
            }
            withVersion(sub);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"chorus " + (version == null ? "(development build)" : version)};
        }
    }
}
