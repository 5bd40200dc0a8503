package dev.chorus.devkafka;

import dev.chorus.core.ValidationError;
import dev.chorus.devkafka.internal.QuietLogging;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link DevKafka} broker in the foreground until SIGTERM (or Ctrl-C): prints its {@link DevKafka#readyLine()
 * ready line} once it accepts clients, and one line when it has stopped. Arguments: {@code [--port N]
 * [--data-dir DIR]}; without a port it takes a free one, without a directory a temporary one.
 */
public final class DevKafkaMain {
    private DevKafkaMain() {}

    public static void main(String[] args) throws InterruptedException {
        DevKafkaConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException | ValidationError e) {
            System.err.println("usage: DevKafkaMain [--port N] [--data-dir DIR]: " + e.getMessage());
            System.exit(64);
            return;
        }
        try {
            runUntilStopped(config, System.out);
        } catch (BrokerStartFailed e) {
            System.err.println("the Kafka broker did not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Starts the broker, prints its ready line to {@code out}, and blocks until the JVM shuts down, which stops the
     * broker cleanly first.
     *
     * @throws BrokerStartFailed when it does not start; nothing is left running
     */
    public static void runUntilStopped(DevKafkaConfig config, PrintStream out) throws InterruptedException {
        QuietLogging.applyForBrokerProcess();
        var kafka = DevKafka.start(config);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("devkafka-shutdown").unstarted(() -> {
            try {
                kafka.close();
                out.println("stopped the Kafka broker at " + kafka.bootstrapServers());
                out.flush();
            } finally {
                stopped.countDown();
            }
        }));
        out.println(kafka.readyLine());
        out.flush();
        // The JVM exits once the shutdown hook has stopped the broker; until then there is nothing to do.
        stopped.await();
    }

    private static DevKafkaConfig parse(String[] args) {
        var builder = new Object() {
            int port;
            @Nullable Path dataDir;
        };
        for (int i = 0; i < args.length; i++) {
            @Nullable String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> builder.port = Integer.parseInt(required("--port", value));
                case "--data-dir" -> builder.dataDir = Path.of(required("--data-dir", value));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        return DevKafkaConfig.of(c -> {
            c.port = builder.port;
            c.dataDir = builder.dataDir;
        });
    }

    private static String required(String option, @Nullable String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
