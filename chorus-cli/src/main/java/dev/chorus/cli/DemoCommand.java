package dev.chorus.cli;

import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chorus demo}. Until the reference shop exists it opens the embedded log the shop will run
 * on and shows what opening found and what the log holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Open the embedded log in the data directory and show what it holds.",
                "The Chorus Shop demo arrives with the shop; until then this is the log it will run on.",
                "Runs until Ctrl-C (or SIGTERM), then closes the log cleanly; --once exits at once."})
final class DemoCommand implements Callable<Integer> {
    static final int LAST_EVENTS = 10;

    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "where the log lives; created when missing (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
            description = "the port the shop's web console will use (default: ${DEFAULT-VALUE}); not used yet")
    int port = 7070;

    @Option(names = "--once", description = "show what the log holds and exit")
    boolean once;

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 1 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port is between 1 and 65535; got " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        var log = EmbeddedLog.open(LogConfig.defaults(dir));
        try {
            new LogSummary(io.out()).print(dir, log, LAST_EVENTS);
            io.out().println();
            io.out().println("The Chorus Shop demo arrives with the shop (reference system); until then, this is"
                    + " the embedded log it will run on.");
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
        if (once) {
            log.close();
            return 0;
        }
        runUntilStopped(dir, log);
        return 0;
    }

    private void runUntilStopped(Path dir, EmbeddedLog log) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("chorus-demo-shutdown").unstarted(() -> {
            log.close();
            io.out().println("closed the log in " + dir);
            io.out().flush();
            stopped.countDown();
        }));
        io.out().println("Running; the log stays open. Press Ctrl-C to stop.");
        io.out().flush();
        // The JVM exits once the shutdown hook has closed the log; until then there is nothing to do.
        stopped.await();
    }
}
