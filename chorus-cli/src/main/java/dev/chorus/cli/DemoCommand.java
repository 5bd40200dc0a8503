package dev.chorus.cli;

import dev.chorus.server.ServerConfig;
import dev.chorus.server.shop.ShopDemo;
import dev.chorus.server.shop.Simulation;
import dev.chorus.shop.orders.OrderStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import dev.chorus.distributed.FactsLocation;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chorus demo}: Chorus Shop's five services on the embedded log in the data directory, and the HTTP API
 * over them on 127.0.0.1. Shows what the log holds, the API's address and three commands to try; runs until
 * SIGTERM (or Ctrl-C), then stops the API and the services and closes the log cleanly.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run Chorus Shop on the embedded log, with its HTTP API on 127.0.0.1.",
        description = {"Run Chorus Shop (customers, orders, inventory, payments, shipping) on the embedded log",
                "in the data directory, with its HTTP API on 127.0.0.1. Starting again on the same directory",
                "continues where it stopped. Runs until Ctrl-C (or SIGTERM); --once exits at once."})
final class DemoCommand implements Callable<Integer> {
    static final int LAST_EVENTS = 10;
    static final int SIMULATED_ORDERS = 30;

    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "where the log and state live, made when missing (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
            description = "the HTTP API's port on 127.0.0.1; 0 takes a free one (default: ${DEFAULT-VALUE})")
    int port = 7070;

    @Option(names = "--once", description = "start, show what the log holds and the API's address, and exit")
    boolean once;

    @Option(names = "--simulate", description = "place " + SIMULATED_ORDERS + " orders, some that succeed and "
            + "some that fail (credit, stock), so the services are seen at work")
    boolean simulate;

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port is between 1 and 65535 (or 0 for a free one); got "
                    + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        if (FactsLocation.isRoleLog(dir)) {
            throw new ParameterException(spec.commandLine(), dir + " holds the log of a role started with chorus run"
                    + " --data-dir: the demo would append a whole shop to it; give the demo a --data-dir of its own");
        }
        var demo = ShopDemo.start(dir, ServerConfig.of(c -> c.port = port));
        try {
            new LogSummary(io.out()).print(dir, demo.shop().log(), LAST_EVENTS);
            io.out().println();
            io.out().println("Chorus Shop is running; its HTTP API listens on " + demo.uri());
            io.out().println("Try, in one bash or zsh (a customer, stock, then an order for them):");
            demo.exampleCurls().forEach(curl -> io.out().println("  " + curl));
            io.out().println("then see what the services did: curl -s '" + demo.eventsUrl() + "' (every endpoint is"
                    + " in docs/http-api.md)");
            if (simulate) {
                simulate(demo);
            }
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        if (once) {
            demo.close();
            io.out().println("--once: stopped the API and the services again; run without --once to try the curls above");
            return 0;
        }
        runUntilStopped(dir, demo);
        return 0;
    }

    private void simulate(ShopDemo demo) throws InterruptedException {
        io.out().println("Simulating " + SIMULATED_ORDERS + " orders...");
        io.out().flush();
        var report = Simulation.run(demo.shop(), SIMULATED_ORDERS, System.nanoTime());
        String first = "/api/orders/" + report.orderIds().getFirst();
        io.out().println("Simulated " + report.orderIds().size() + " orders: " + report.count(OrderStatus.SHIPPED)
                + " shipped, " + report.count(OrderStatus.CANCELLED) + " cancelled (credit or stock); "
                + (once ? "start the demo again on this directory (without --once) and see " + first
                        : "see " + demo.uri() + first));
    }

    private void runUntilStopped(Path dir, ShopDemo demo) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("chorus-demo-shutdown").unstarted(() -> {
            demo.close();
            io.out().println("stopped the API and the services; closed the log in " + dir);
            io.out().flush();
            stopped.countDown();
        }));
        io.out().println("Running. Press Ctrl-C to stop.");
        io.out().flush();
        // The JVM exits once the shutdown hook has stopped everything; until then there is nothing to do.
        stopped.await();
    }
}
