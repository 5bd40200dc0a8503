package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus dlq list}: one line per dead letter, pending ones unless {@code --all}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List dead letters, by handler and position: pending ones (open or retry requested) unless --all.")
final class DlqListCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ServiceStore store = new ServiceStore();

    @Option(names = "--all", description = "include resolved and discarded dead letters")
    boolean all;

    @Option(names = "--handler", paramLabel = "NAME", description = "only this handler's dead letters")
    String handler;

    @Option(names = "--after", paramLabel = "ID", description = "start after this id (the last of the previous page)")
    String after;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "at most N dead letters (default: ${DEFAULT-VALUE})")
    int limit = 100;

    DlqListCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var query = DeadLetterQuery.pending().limit(limit);
        if (all) {
            query = query.includingClosed();
        }
        if (handler != null) {
            query = query.ofHandler(handler);
        }
        if (after != null) {
            query = query.after(DeadLetterId.parse(after));
        }
        var opened = store.open();
        if (opened.isEmpty()) {
            io.out().println("no dead letters: no state store in " + store.describe());
            return 0;
        }
        try (var state = opened.get()) {
            var letters = ServiceStore.deadLetters(state).list(query);
            String kind = all ? "" : "pending ";
            if (letters.isEmpty()) {
                io.out().println("no " + kind + "dead letters" + (handler == null ? "" : " of handler " + handler));
                return 0;
            }
            DlqText.table(letters, io.out());
            io.out().println(DamageText.plural(letters.size(), kind + "dead letter"));
            if (letters.size() == limit) {
                io.out().println("there may be more: add --after " + letters.getLast().id());
            }
            return 0;
        }
    }
}
