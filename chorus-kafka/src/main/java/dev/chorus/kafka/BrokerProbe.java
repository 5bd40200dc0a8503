package dev.chorus.kafka;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;

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
     * @throws KafkaUnavailable none did within {@code timeout} (a name that does not resolve counts as not yet)
     */
    public static void awaitListening(KafkaSettings settings, Duration timeout, Consumer<String> notice) {
        var servers = settings.servers();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int round = 0; ; round++) {
            for (var server : servers) {
                if (accepts(server)) {
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

    /** Resolved again each time: a broker's name may resolve only once its container runs. */
    private static boolean accepts(KafkaSettings.Server server) {
        var address = new InetSocketAddress(server.host(), server.port());
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
