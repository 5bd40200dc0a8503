package dev.chorus.distributed;

import dev.chorus.core.ChorusException;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.shop.ShopRole;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one role of the distributed shop until SIGTERM: what {@code chorus run} does, and what the tests start in
 * child JVMs to kill. Prints one line starting with {@code ready} once the process takes part (for the API: once
 * it serves, with its address), then what it starts and stops leading.
 */
public final class ShopProcessMain {
    /** How long the API waits to be elected before it says it is ready as a standby. */
    private static final Duration SERVE_WAIT = Duration.ofSeconds(5);

    private ShopProcessMain() {}

    /**
     * {@code <role> --kafka HOST:PORT --postgres JDBC_URL [--port N] [--schema S] [--data-dir DIR]
     * [--kafka-config FILE]}.
     */
    public static void main(String[] args) throws InterruptedException {
        runUntilStopped(parse(args), System.out);
    }

    public static void runUntilStopped(ProcessConfig config, PrintStream out) throws InterruptedException {
        var process = ShopProcess.start(config, line -> {
            out.println(line);
            out.flush();
        });
        var stopped = new CountDownLatch(1);
        var shutdown = Thread.ofPlatform().name("chorus-run-shutdown").unstarted(() -> {
            try {
                process.close();
                out.println("stopped " + config.role().id());
                out.flush();
            } finally {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(shutdown);
        String ready;
        try {
            ready = readyLine(process);
        } catch (RuntimeException | InterruptedException e) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdown);
                process.close();
            } catch (RuntimeException cleanup) {
                // the JVM already shutting down (its hook then closes the process), or the close failing: the
                // reason the process did not become ready is what the caller hears
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        out.println(ready);
        out.flush();
        stopped.await();
    }

    private static String readyLine(ShopProcess process) throws InterruptedException {
        var config = process.config();
        String where = config.dataDir()
                .map(dir -> "; its facts in the log in " + dir + " and on " + process.topic()
                        + ", its state in PostgreSQL schema " + config.schema())
                .orElse("; store in PostgreSQL schema " + config.schema() + ", facts on " + process.topic());
        if (config.role() != ShopRole.API) {
            return "ready: " + config.role().id() + where;
        }
        try {
            try {
                return serves(process.served().get(SERVE_WAIT.toMillis(), TimeUnit.MILLISECONDS), where);
            } catch (TimeoutException e) {
                // Still starting on a busy machine, or another instance serves: leading() waits for a start under way.
                if (process.leading() || process.served().isDone()) {
                    return serves(process.served().get(), where);
                }
                return "ready: api on standby (another instance serves)" + where;
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ChorusException typed) {
                throw typed; // says what to do (a port in use: choose another), in one line at the command line
            }
            throw new IllegalStateException("the API did not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static String serves(java.net.URI uri, String where) {
        return "ready: api serves the shop at " + uri + where;
    }

    static ProcessConfig parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: <role> --kafka HOST:PORT --postgres JDBC_URL [--port N]");
        }
        var role = ShopRole.parse(args[0]).orElseThrow(() -> new IllegalArgumentException("unknown role "
                + args[0] + "; one of " + Arrays.stream(ShopRole.values()).map(ShopRole::id).toList()));
        String kafka = null;
        String postgres = null;
        Path kafkaConfig = null;
        var options = new Object() {
            int port = ProcessConfig.DEFAULT_PORT;
            String schema;
            Path dataDir;
        };
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--kafka" -> kafka = value;
                case "--postgres" -> postgres = value;
                case "--kafka-config" -> kafkaConfig = Path.of(value);
                case "--port" -> options.port = Integer.parseInt(value);
                case "--schema" -> options.schema = value;
                case "--data-dir" -> options.dataDir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (kafka == null || postgres == null) {
            throw new IllegalArgumentException("--kafka and --postgres are required");
        }
        var settings = kafkaConfig == null ? KafkaSettings.of(kafka) : KafkaSettings.load(kafka, kafkaConfig);
        return ProcessConfig.of(role, settings, postgres, c -> {
            c.port = options.port;
            if (options.schema != null) {
                c.schema = options.schema;
            }
            c.dataDir = options.dataDir;
        });
    }
}
