package dev.chorus.cli;

import dev.chorus.log.LogDamage;
import dev.chorus.log.LogTools;
import dev.chorus.log.VerifyReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chorus log repair}: shows what truncating at the first bad record loses, asks, truncates. */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = {"Truncate a damaged log at its first bad record, deleting later segments.",
                "Prints exactly what would be lost, then asks for confirmation unless --yes is given."})
final class RepairCommand implements Callable<Integer> {
    private final Io io;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DataDir.DEFAULT,
            description = "the log's directory (default: ${DEFAULT-VALUE})")
    Path dataDir = Path.of(DataDir.DEFAULT);

    @Option(names = "--yes", description = "repair without asking")
    boolean yes;

    RepairCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Path dir = DataDir.existingLog(dataDir);
        var out = io.out();
        var report = LogTools.verify(dir);
        if (report.ok()) {
            out.println("log in " + dir + ": " + DamageText.counts(report) + "; healthy, nothing to repair");
            return 0;
        }
        if (report.damage().isEmpty()) {
            // only indexes, which are rebuilt from their segments: nothing to lose, nothing to ask
            DamageText.indexes(report).forEach(out::println);
            var repaired = LogTools.repair(dir);
            out.println("repaired: deleted " + DamageText.plural(repaired.damagedIndexes().size(), "damaged index file")
                    + "; the next open of the log in " + dir + " rebuilds " + (repaired.damagedIndexes().size() == 1
                    ? "it" : "them") + ", no event was lost");
            return 0;
        }
        var damage = report.damage().get();
        out.println("log in " + dir + ": " + DamageText.counts(report) + " intact before the damage");
        DamageText.damage(damage).forEach(out::println);
        out.println("Repairing truncates the log at the damage. It loses:");
        DamageText.losses(damage).forEach(line -> out.println("  - " + line));
        if (!yes && !confirmed()) {
            return 1;
        }
        var repaired = LogTools.repair(dir);
        reportRepair(dir, damage, repaired);
        return 0;
    }

    private boolean confirmed() {
        io.out().print("Repair? This cannot be undone. Type 'yes' to go on: ");
        io.out().flush();
        Optional<String> answer = readLine();
        if (answer.isEmpty()) {
            io.out().println();
            io.err().println("chorus: no answer on standard input; nothing was changed. Run again with --yes to"
                    + " repair without asking.");
            return false;
        }
        String text = answer.get().trim().toLowerCase(Locale.ROOT);
        if (text.equals("yes") || text.equals("y")) {
            return true;
        }
        io.err().println("chorus: not repaired; nothing was changed.");
        return false;
    }

    private Optional<String> readLine() {
        // Not closed: it wraps the process's standard input.
        var reader = new BufferedReader(new InputStreamReader(io.in()));
        try {
            return Optional.ofNullable(reader.readLine());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reportRepair(Path dir, LogDamage shown, VerifyReport repaired) {
        var out = io.out();
        if (repaired.damage().isEmpty()) {
            out.println("nothing was repaired: the log in " + dir + " is healthy now ("
                    + DamageText.counts(repaired) + ")");
            return;
        }
        var removed = repaired.damage().get();
        if (!removed.equals(shown)) {
            out.println("note: the log changed between the check and the repair; what was removed:");
            DamageText.losses(removed).forEach(line -> out.println("  - " + line));
        }
        out.println("repaired: truncated " + removed.segment().getFileName() + " at byte offset " + removed.offset()
                + "; the log in " + dir + " now holds " + DamageText.plural(repaired.events(), "event"));
    }
}
