package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chorus dlq retry ID}: asks the dead letter's handler, and only it, to handle the event again. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Ask the dead letter's handler (and no other) to handle its event again.",
                "Recorded in the state store; the handler retries when its service next starts."})
final class DlqRetryCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    DlqStore store = new DlqStore();

    @Parameters(paramLabel = "ID", description = "the dead letter's id, <handler>@<position>, as list prints it")
    String id;

    DlqRetryCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var letter = store.withDeadLetter(id, DeadLetters::retry);
        io.out().println("dead letter " + letter.id() + ": " + DlqText.status(letter.status()));
        return 0;
    }
}
