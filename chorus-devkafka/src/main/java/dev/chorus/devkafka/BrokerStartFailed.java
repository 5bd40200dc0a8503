package dev.chorus.devkafka;

import dev.chorus.core.ChorusException;
import java.nio.file.Path;

/** The development broker did not come up; the message says why and the cause is the broker's own error. */
public final class BrokerStartFailed extends ChorusException {
    private final int port;
    private final Path dataDir;

    public BrokerStartFailed(int port, Path dataDir, String message, Throwable cause) {
        super(message, cause);
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The client port it was to listen on; 0 when a free one was to be taken. */
    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }
}
