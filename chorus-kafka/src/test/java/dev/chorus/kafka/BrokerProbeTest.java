package dev.chorus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Waiting for a bootstrap server to listen, before any Kafka client starts (and warns). */
class BrokerProbeTest {
    @Test
    void returns_once_a_bootstrap_server_accepts_connections() throws Exception {
        try (var listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String servers = nowhere() + ",127.0.0.1:" + listening.getLocalPort();

            assertThatCode(() -> BrokerProbe.awaitListening(KafkaSettings.of(servers), Duration.ofSeconds(10)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void waits_for_a_broker_that_starts_listening_later() throws Exception {
        var later = new ServerSocket();
        try (later) {
            int port;
            try (var reserved = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = reserved.getLocalPort();
            }
            var notices = new CopyOnWriteArrayList<String>();
            var waiting = CompletableFuture.runAsync(() -> BrokerProbe.awaitListening(
                    KafkaSettings.of("127.0.0.1:" + port), Duration.ofSeconds(20), notices::add));
            Await.until("the probe's notice", () -> !notices.isEmpty());
            assertThat(waiting).isNotDone();
            assertThat(notices).containsExactly("waiting up to 20 s for a Kafka broker at 127.0.0.1:" + port);

            later.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);

            assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
        }
    }

    @Test
    void fails_once_with_a_typed_error_naming_the_servers_when_none_listens() throws IOException {
        String address = nowhere();

        assertThatThrownBy(() -> BrokerProbe.awaitListening(KafkaSettings.of(address), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(KafkaUnavailable.class, e -> {
                    assertThat(e.bootstrapServers()).isEqualTo(address);
                    assertThat(e.getMessage()).contains("nothing accepted a connection at " + address + " within 300 ms")
                            .contains("--kafka");
                });
    }

    /** A loopback address where nothing listens: a port that was free a moment ago. */
    private static String nowhere() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + socket.getLocalPort();
        }
    }
}
