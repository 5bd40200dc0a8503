package dev.chorus.log.crash;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM that opens the log, appends one event, says {@code READY} and then holds the log open
 * until it is killed. Argument: data dir.
 */
public final class HoldingOpen {
    private HoldingOpen() {}

    public static void main(String[] args) throws InterruptedException {
        ChildOutput.dieWithParent(Duration.ofSeconds(30));
        var log = EmbeddedLog.open(LogConfig.defaults(Path.of(args[0])));
        var result = log.append("held", ExpectedVersion.noStream(), Workload.event("held", 0, 1));
        ChildOutput.line("READY " + result.firstPosition());
        Thread.currentThread().join(); // held until the test kills this process
    }
}
