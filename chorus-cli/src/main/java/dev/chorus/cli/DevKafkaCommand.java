package dev.chorus.cli;

import dev.chorus.devkafka.DevKafkaConfig;
import dev.chorus.devkafka.DevKafkaMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chorus dev-kafka}: a real single-node Apache Kafka broker (KRaft) in this JVM on 127.0.0.1, for local
 * development and tests. Prints a line starting with {@code ready} and the bootstrap address once it accepts
 * clients; runs until SIGTERM (or Ctrl-C), then stops the broker cleanly.
 */
@Command(name = "dev-kafka", mixinStandardHelpOptions = true,
        header = "Run a single-node Apache Kafka broker on 127.0.0.1, for development and tests.",
        description = {"Run a real single-node Apache Kafka broker (KRaft, Kafka's own server) on 127.0.0.1 for",
                "local development and tests. Prints a line starting with 'ready' and the bootstrap address once",
                "it accepts clients; runs until Ctrl-C (or SIGTERM). Production points --kafka at any Kafka",
                "cluster instead."})
final class DevKafkaCommand implements Callable<Integer> {
    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", defaultValue = "9092",
            description = "the client port on 127.0.0.1; 0 takes a free one (default: ${DEFAULT-VALUE})")
    int port = 9092;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where the broker keeps its topics and records, formatted when new and kept when it stops, "
                    + "so a restart finds them (default: a temporary directory, deleted when it stops)")
    @Nullable Path dataDir;

    DevKafkaCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port is between 1 and 65535 (or 0 for a free one); got "
                    + port);
        }
        @Nullable Path dir = dataDir == null ? null : dataDir.toAbsolutePath().normalize();
        DevKafkaMain.runUntilStopped(DevKafkaConfig.of(c -> {
            c.port = port;
            c.dataDir = dir;
        }), io.out());
        return 0;
    }
}
