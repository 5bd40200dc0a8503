package dev.chorus.server;

import dev.chorus.core.ChorusException;

/** The HTTP API's address is taken (another process listens there, or the host is not this machine's). */
public final class PortInUse extends ChorusException {
    private final String host;
    private final int port;

    public PortInUse(String host, int port, Throwable cause) {
        super("cannot listen on " + host + ":" + port + " (" + cause.getMessage() + "); stop what uses port " + port
                + " or pass another --port", cause);
        this.host = host;
        this.port = port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
