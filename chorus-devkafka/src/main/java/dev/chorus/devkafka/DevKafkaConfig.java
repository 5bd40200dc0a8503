package dev.chorus.devkafka;

import dev.chorus.core.ValidationError;
import dev.chorus.devkafka.internal.BrokerProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link DevKafka} broker starts.
 *
 * @param port         the client port on 127.0.0.1; 0 takes a free one (default 0). The controller always takes a
 *                     free port of its own.
 * @param dataDir      where the broker keeps its logs and metadata; formatted when new and kept on close. When
 *                     {@code null} (the default) a temporary directory is used and deleted on close.
 * @param overrides    broker properties set on top of the defaults, e.g. {@code num.partitions}; the listeners,
 *                     roles, node id and directories follow from the other fields and cannot be overridden
 * @param startTimeout how long {@link DevKafka#start} waits for the broker to accept clients (default 60 s)
 */
public record DevKafkaConfig(int port, @Nullable Path dataDir, Map<String, String> overrides, Duration startTimeout) {
    public DevKafkaConfig {
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (port < 0 || port > 65_535) {
            throw new ValidationError("port", "port is 0 (any free port) to 65535; got " + port);
        }
        for (var entry : overrides.entrySet()) {
            Objects.requireNonNull(entry.getKey(), "override key");
            Objects.requireNonNull(entry.getValue(), () -> "override " + entry.getKey());
            if (BrokerProperties.MANAGED.contains(entry.getKey())) {
                throw new ValidationError("overrides", entry.getKey() + " follows from the port and the data "
                        + "directory and cannot be overridden; set port or dataDir instead");
            }
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new ValidationError("startTimeout", "startTimeout is positive; got " + startTimeout);
        }
        overrides = Map.copyOf(overrides);
    }

    public static DevKafkaConfig defaults() {
        return new DevKafkaConfig(0, null, Map.of(), Duration.ofSeconds(60));
    }

    /** The defaults, changed by {@code setup}: {@code DevKafkaConfig.of(c -> c.port = 9092)}. */
    public static DevKafkaConfig of(Consumer<Builder> setup) {
        var builder = new Builder(defaults());
        setup.accept(builder);
        return builder.build();
    }

    /** This configuration on another port, e.g. the one a broker took, to start it again where it was. */
    public DevKafkaConfig withPort(int newPort) {
        return new DevKafkaConfig(newPort, dataDir, overrides, startTimeout);
    }

    /** The fields of a {@link DevKafkaConfig}, set by hand and checked when built. */
    public static final class Builder {
        public int port;
        public @Nullable Path dataDir;
        public final Map<String, String> overrides;
        public Duration startTimeout;

        private Builder(DevKafkaConfig from) {
            port = from.port;
            dataDir = from.dataDir;
            overrides = new LinkedHashMap<>(from.overrides);
            startTimeout = from.startTimeout;
        }

        DevKafkaConfig build() {
            return new DevKafkaConfig(port, dataDir, overrides, startTimeout);
        }
    }
}
