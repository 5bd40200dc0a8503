package dev.chorus.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.common.config.ConfigException;

/**
 * Waits, quietly, until one of the bootstrap servers accepts a TCP connection. A process that starts its Kafka
 * clients against no broker gets a warning from each of them for every reconnect until its own deadline; asking
 * first turns that into one {@link KafkaUnavailable} at the end of the wait, and nothing is set up before it.
 */
public final class BrokerProbe {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PAUSE = Duration.ofMillis(250);

    private BrokerProbe() {}

    /** As {@link #awaitListening(KafkaSettings, Duration, Consumer)}, saying nothing while it waits. */
    public static void awaitListening(KafkaSettings settings, Duration timeout) {
        awaitListening(settings, timeout, line -> { });
    }

    /**
     * Returns once a bootstrap server accepts a connection; tells {@code notice} once when it has to wait.
     *
     * @throws KafkaUnavailable none did within {@code timeout}, or none of their names resolves
     */
    public static void awaitListening(KafkaSettings settings, Duration timeout, Consumer<String> notice) {
        var addresses = addresses(settings);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; ; round++) {
            for (var address : addresses) {
                if (accepts(address)) {
                    return;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new KafkaUnavailable(settings.bootstrapServers(), "connecting", new ConnectException(
                        "nothing accepted a connection at " + settings.bootstrapServers() + " within "
                                + seconds(timeout) + "; check that the brokers run and that --kafka names them"));
            }
            if (round == 0) {
                notice.accept("waiting up to " + seconds(timeout) + " for a Kafka broker at "
                        + settings.bootstrapServers());
            }
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailable(settings.bootstrapServers(), "connecting", e);
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static List<InetSocketAddress> addresses(KafkaSettings settings) {
        var urls = Arrays.stream(settings.bootstrapServers().split(",")).map(String::strip)
                .filter(url -> !url.isEmpty()).toList();
        try {
            return ClientUtils.parseAndValidateAddresses(urls, ClientDnsLookup.USE_ALL_DNS_IPS);
        } catch (ConfigException e) {
            throw new KafkaUnavailable(settings.bootstrapServers(), "resolving the bootstrap servers", e);
        }
    }

    private static boolean accepts(InetSocketAddress address) {
        if (address.isUnresolved()) {
            return false;
        }
        try (var socket = new Socket()) {
            socket.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
