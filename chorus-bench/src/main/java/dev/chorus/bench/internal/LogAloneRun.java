package dev.chorus.bench.internal;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.FsyncPolicy;
import dev.chorus.log.LogConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The log alone under the same clients: each appends one Deposited-sized event to a random account stream
 * and waits for it, with no read, decision or expected version. What the command loop adds is the gap
 * between this and a command run.
 */
final class LogAloneRun {
    private LogAloneRun() {}

    static CommandClients.Round run(Path dir, int clients, boolean virtual, int accounts, int appends, Duration cap)
            throws InterruptedException {
        String[] streams = new String[accounts];
        for (int i = 0; i < accounts; i++) {
            streams[i] = "account-acc-" + i;
        }
        var event = List.of(NewEvent.of(BenchAccount.DEPOSITED, ByteBuffer.allocate(8).putLong(42).array()));
        try (var log = EmbeddedLog.open(LogConfig.of(dir, c -> c.fsync = FsyncPolicy.ALWAYS))) {
            return CommandClients.run("bench-log-alone", clients, virtual, appends, cap, 3,
                    (client, n, random) -> log.append(streams[random.nextInt(accounts)], ExpectedVersion.any(), event));
        }
    }
}
