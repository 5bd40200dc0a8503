package dev.chorus.cli;

import dev.chorus.core.ValidationError;
import dev.chorus.distributed.ProcessConfig;
import dev.chorus.distributed.ShopProcessMain;
import dev.chorus.kafka.KafkaSettings;
import dev.chorus.shop.ShopRole;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code chorus run <role>}: one process of Chorus Shop in its distributed shape, on a Kafka cluster and a
 * PostgreSQL database. Prints a line starting with {@code ready} once it takes part; runs until SIGTERM.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Run one Chorus Shop service, or its HTTP API, on Kafka and PostgreSQL.",
        description = {"Run one process of Chorus Shop distributed: a service (customers, orders, inventory,",
                "payments, shipping) or the HTTP API (api), each in its own OS process. Its facts are stored in",
                "PostgreSQL (schema chorus_<role>), or with --data-dir in the embedded log there, and travel to",
                "the others only through Kafka (topic chorus.<role>). Start several of one service (without",
                "--data-dir) to share its partitions; one of them leads.",
                "For local development: ./chorus dev-kafka."})
final class RunCommand implements Callable<Integer> {
    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROLE", description = "customers, orders, inventory, payments, shipping or api")
    String role = "";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", required = true,
            description = "bootstrap servers of the Kafka cluster, e.g. 127.0.0.1:9092")
    String kafka = "";

    @Option(names = "--postgres", paramLabel = "JDBC_URL", required = true,
            // the example on a line of its own, short enough not to wrap in 80 columns: it is copied
            description = {"the PostgreSQL database, e.g.", "jdbc:postgresql://127.0.0.1/chorus?user=chorus"})
    String postgres = "";

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties (SASL, TLS, ...) applied to every producer, consumer and admin")
    @Nullable Path kafkaConfig;

    @Option(names = "--port", paramLabel = "N", defaultValue = "7070",
            description = "api only: its HTTP port on 127.0.0.1; 0 takes a free one (default: ${DEFAULT-VALUE})")
    int port = ProcessConfig.DEFAULT_PORT;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "the PostgreSQL schema of this role's store (default: chorus_<role>)")
    @Nullable String schema;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep this role's facts in the embedded log in DIR (fsync'd, relayed to Kafka) instead of"
                    + " its PostgreSQL schema, which keeps its state; one instance of the role then")
    @Nullable Path dataDir;

    RunCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws InterruptedException {
        var shopRole = ShopRole.parse(role).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "ROLE is one of " + Arrays.stream(ShopRole.values()).map(ShopRole::id).toList() + "; got '" + role
                        + "'"));
        if (shopRole != ShopRole.API && spec.commandLine().getParseResult().hasMatchedOption("--port")) {
            // not an error: a script may start every role with the same options
            io.err().println("note: --port is the api's HTTP port; " + shopRole.id()
                    + " serves no HTTP and ignores it");
        }
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port is between 1 and 65535 (or 0 for a free one); got "
                    + port);
        }
        KafkaSettings settings;
        try {
            settings = kafkaConfig == null ? KafkaSettings.of(kafka) : KafkaSettings.load(kafka, kafkaConfig);
        } catch (ValidationError e) {
            if (!e.field().equals("kafka")) {
                throw e;
            }
            throw new ParameterException(spec.commandLine(), (kafka.isBlank() && kafkaConfig != null
                    ? "bootstrap.servers in " + kafkaConfig : "--kafka") + ": " + e.getMessage());
        }
        var config = ProcessConfig.of(shopRole, settings, postgres, c -> {
            c.port = port;
            if (schema != null) {
                c.schema = schema;
            }
            c.dataDir = dataDir;
        });
        ShopProcessMain.runUntilStopped(config, io.out());
        return 0;
    }
}
