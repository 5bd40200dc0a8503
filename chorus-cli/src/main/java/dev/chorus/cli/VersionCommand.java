package dev.chorus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code chorus version}: what {@code chorus --version} prints, for those who type it as a command. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of Chorus.")
final class VersionCommand implements Callable<Integer> {
    private final Io io;

    VersionCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        for (String line : new Main.Version().getVersion()) {
            io.out().println(line);
        }
        return 0;
    }
}
