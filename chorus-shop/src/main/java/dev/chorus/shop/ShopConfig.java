package dev.chorus.shop;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How {@link ShopServices} runs: the data directory (log, and its state store in {@code <dataDir>/state}),
 * the clock, how long a query waits for its read model, and which services run (all by default; leaving one
 * out shows the others going on without it, and its facts are handled when it runs again).
 */
public record ShopConfig(Path dataDir, Clock clock, Duration readTimeout, Set<ShopService> services) {
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    public ShopConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("readTimeout must be > 0 and at most 5 minutes: " + readTimeout);
        }
        services = Set.copyOf(services);
    }

    public static ShopConfig of(Path dataDir) {
        return of(dataDir, c -> { });
    }

    public static ShopConfig of(Path dataDir, Consumer<Builder> setup) {
        var builder = new Builder();
        setup.accept(builder);
        return new ShopConfig(dataDir, builder.clock, builder.readTimeout, builder.services);
    }

    public enum ShopService { CUSTOMERS, ORDERS, INVENTORY, PAYMENTS, SHIPPING }

    public static final class Builder {
        public Clock clock = Clock.systemUTC();
        public Duration readTimeout = DEFAULT_READ_TIMEOUT;
        public Set<ShopService> services = EnumSet.allOf(ShopService.class);

        private Builder() {}
    }
}
