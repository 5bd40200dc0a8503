package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterQuery;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresStateStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chorus dlq list}: one line per dead letter, pending ones unless {@code --all}. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List dead letters, by handler and position: pending ones (open or retry requested) unless --all.",
                "With --postgres and no --schema: every role's, schema by schema."})
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
            query = query.after(store.parseId(after));
        }
        var schemas = store.everySchema();
        if (schemas.isPresent()) {
            return listEverySchema(schemas.get(), query);
        }
        var opened = store.open();
        if (opened.isEmpty()) {
            io.out().println("no dead letters: no state store in " + store.describe());
            return 0;
        }
        try (var state = opened.get()) {
            print(ServiceStore.deadLetters(state).list(query), "");
            return 0;
        }
    }

    /** Every role's, schema by schema: where an operator sees the whole system's dead letters in one go. */
    private int listEverySchema(List<PostgresConfig> schemas, DeadLetterQuery query) {
        if (after != null) {
            throw store.usage("--after pages through one schema's dead letters: add --schema");
        }
        if (schemas.isEmpty()) {
            io.out().println("no dead letters: no schema of this database holds a Chorus state store");
            return 0;
        }
        for (var schema : schemas) {
            io.out().println("schema " + schema.schema() + ":");
            try (var state = PostgresStateStore.open(schema)) {
                print(ServiceStore.deadLetters(state).list(query), " --schema " + schema.schema());
            }
        }
        return 0;
    }

    private void print(List<DeadLetter> letters, String sameSchema) {
        String kind = all ? "" : "pending ";
        if (letters.isEmpty()) {
            io.out().println("no " + kind + "dead letters" + (handler == null ? "" : " of handler " + handler));
            return;
        }
        DlqText.table(letters, io.out());
        io.out().println(DamageText.plural(letters.size(), kind + "dead letter"));
        if (letters.size() == limit) {
            io.out().println("there may be more: add" + sameSchema + " --after " + letters.getLast().id());
        }
    }
}
