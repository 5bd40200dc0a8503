package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetter;
import dev.chorus.core.handler.DeadLetterId;
import dev.chorus.core.handler.DeadLetterStatus;
import dev.chorus.core.handler.DeadLetters;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chorus dlq retry ID}: asks the dead letter's handler, and only it, to handle the event again. For a
 * distributed role the request is performed by its running leader, and the command waits a little for the outcome.
 */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = {"Ask the dead letter's handler (and no other) to handle its event again.",
                "Recorded in the state store. An embedded service retries when it next starts; a distributed role's"
                        + " running leader retries within a second or two (the command waits for the outcome),"
                        + " a stopped role when it starts. Exits with 2 when the retry was performed and failed"
                        + " again."})
final class DlqRetryCommand implements Callable<Integer> {
    /** The exit code when the role's leader performed the retry and it failed again. */
    static final int FAILED_AGAIN = 2;
    private static final Duration POLL = Duration.ofMillis(100);

    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Mixin
    ServiceStore store = new ServiceStore();

    @Parameters(paramLabel = "ID", description = "the dead letter's id, <handler>@<position>, as list prints it")
    String id;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
            description = "with --postgres: how long to wait for the role's leader to perform the retry; 0 does not"
                    + " wait (default: ${DEFAULT-VALUE})")
    int waitSeconds = 10;

    DlqRetryCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (waitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--wait is 0 or more seconds; got " + waitSeconds);
        }
        boolean distributed = store.distributed();
        var letter = store.withDeadLetter(id, (deadLetters, parsed) -> {
            var requested = deadLetters.retry(parsed);
            return distributed ? awaitOutcome(deadLetters, parsed, requested) : requested;
        });
        io.out().println("dead letter " + letter.id() + ": " + DlqText.status(letter.status()));
        if (distributed) {
            switch (letter.status()) {
                case DeadLetterStatus.RetryRequested requested -> io.out().println("not performed within "
                        + waitSeconds + " s: no leader of the role is running, or it is busy; it retries when it"
                        + " runs (see the status with chorus dlq show " + letter.id() + ")");
                case DeadLetterStatus.Open open -> io.out().println("the retry failed again (" + letter.attempts()
                        + " attempts in all): " + DlqText.oneLine(letter.failure().errorClass() + ": "
                        + letter.failure().message(), 200));
                case DeadLetterStatus.Resolved resolved -> { }
                case DeadLetterStatus.Discarded discarded -> { }
            }
        }
        return distributed && letter.status() instanceof DeadLetterStatus.Open ? FAILED_AGAIN : 0;
    }

    /** The dead letter once the running leader has retried it, or as requested when none did in time. */
    private DeadLetter awaitOutcome(DeadLetters deadLetters, DeadLetterId id, DeadLetter requested) {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
        var latest = requested;
        while (latest.status() instanceof DeadLetterStatus.RetryRequested && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return latest;
            }
            latest = deadLetters.show(id);
        }
        return latest;
    }
}
