package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetters;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chorus dlq show ID}: every field of one dead letter. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one dead letter: the event, the error and its stack summary, attempts and times.")
final class DlqShowCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ServiceStore store = new ServiceStore();

    @Parameters(paramLabel = "ID", description = "the dead letter's id, <handler>@<position>, as list prints it")
    String id;

    DlqShowCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        DlqText.details(store.withDeadLetter(id, DeadLetters::show), io.out());
        return 0;
    }
}
