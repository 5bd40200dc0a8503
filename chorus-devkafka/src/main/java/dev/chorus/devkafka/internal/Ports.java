package dev.chorus.devkafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.jspecify.annotations.Nullable;

/** Free ports on 127.0.0.1, picked by binding port 0 and letting go: another process may take one meanwhile. */
public final class Ports {
    private Ports() {}

    public static int free() {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerProperties.HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + BrokerProperties.HOST, e);
        }
    }

    /** Why {@code port} cannot be bound on 127.0.0.1 now, or {@code null} when it can. */
    public static @Nullable IOException bindFailure(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(BrokerProperties.HOST), port));
            return null;
        } catch (IOException e) {
            return e;
        }
    }
}
