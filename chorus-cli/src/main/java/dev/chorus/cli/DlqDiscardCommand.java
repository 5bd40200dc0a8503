package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chorus dlq discard ID}: gives up on the event for that handler; the event stays in the log. */
@Command(name = "discard", mixinStandardHelpOptions = true,
        description = {"Give up on a dead letter's event for its handler; the event stays in the log.",
                "A stream parked behind it resumes, in order, when the handler next starts."})
final class DlqDiscardCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ServiceStore store = new ServiceStore();

    @Parameters(paramLabel = "ID", description = "the dead letter's id, <handler>@<position>, as list prints it")
    String id;

    DlqDiscardCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var letter = store.withDeadLetter(id, DeadLetters::discard);
        io.out().println("dead letter " + letter.id() + ": " + DlqText.status(letter.status()));
        if (letter.parksStream()) {
            io.out().println("stream " + letter.streamId() + " resumes, in order, when handler " + letter.handler()
                    + " next starts");
        }
        return 0;
    }
}
