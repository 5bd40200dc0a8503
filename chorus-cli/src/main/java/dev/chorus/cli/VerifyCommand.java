package dev.chorus.cli;

import dev.chorus.log.LogTools;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus log verify}: reads every record and reports the first bad one. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Read every record of every segment and check its frame and CRC32C, and every index.",
                "Exit code 0 when the log is healthy, 2 when it is damaged (a torn tail included)."})
final class VerifyCommand implements Callable<Integer> {
    static final int DAMAGED = 2;

    private final Io io;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "the log's directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    VerifyCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path dir = DataDir.existingLog(dataDir);
        var report = LogTools.verify(dir);
        var out = io.out();
        if (report.ok()) {
            out.println("log in " + dir + ": " + DamageText.counts(report) + "; healthy");
            return 0;
        }
        if (report.damage().isEmpty()) {
            out.println("log in " + dir + ": " + DamageText.counts(report) + ", every record intact; DAMAGED INDEX");
            DamageText.indexes(report).forEach(out::println);
            return DAMAGED;
        }
        var damage = report.damage().get();
        out.println("log in " + dir + ": DAMAGED; " + DamageText.counts(report) + " intact before the damage");
        DamageText.damage(damage).forEach(out::println);
        DamageText.indexes(report).forEach(out::println);
        out.println("repairing would lose " + DamageText.plural(damage.bytesLost(), "byte") + ", "
                + DamageText.plural(damage.laterSegments().size(), "later segment") + " and "
                + DamageText.plural(damage.intactEventsLostCount(), "intact event")
                + "; 'chorus log repair --data-dir " + dir + "' shows exactly what and asks first");
        return DAMAGED;
    }
}
