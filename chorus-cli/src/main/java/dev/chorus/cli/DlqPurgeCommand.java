package dev.chorus.cli;

import dev.chorus.core.handler.DeadLetters;
import dev.chorus.kafka.DeadLetterBoard;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code chorus dlq purge --older-than AGE}: deletes the dead letters resolved or discarded long enough ago. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete the dead letters resolved or discarded more than AGE ago; pending ones (open,"
                + " retry requested) stay. The service must be stopped: an embedded one's store is opened"
                + " exclusively, a distributed role's leadership is held while it runs."})
final class DlqPurgeCommand implements Callable<Integer> {
    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([dhm])");

    private final Io io;

    @Spec // injected by picocli before call()
    CommandSpec spec;

    @Mixin
    ServiceStore store = new ServiceStore();

    @Option(names = "--older-than", paramLabel = "AGE", required = true,
            description = "how long ago they were closed: a number of days, hours or minutes, e.g. 30d, 12h, 90m")
    String olderThan = "";

    DlqPurgeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var age = age();
        try (var exclusive = store.exclusive("purge its dead letters")) {
            var opened = store.open();
            if (opened.isEmpty()) {
                io.out().println("no dead letters: no state store in " + store.describe());
                return 0;
            }
            try (var state = opened.get()) {
                int purged = ServiceStore.deadLetters(state).purgeClosed(age);
                io.out().println("purged " + DamageText.plural(purged, "dead letter") + " resolved or discarded more"
                        + " than " + olderThan + " ago");
                // a distributed API's copies of other services' dead letters age out the same way
                int copies = 0;
                for (var service : DeadLetterBoard.of(state).values()) {
                    copies += new DeadLetters(service, Clock.systemUTC()).purgeClosed(age);
                }
                if (copies > 0) {
                    io.out().println("and " + DamageText.plural(copies, "copied dead letter") + " of other services");
                }
            }
        }
        return 0;
    }

    private Duration age() {
        var matcher = AGE.matcher(olderThan.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new ParameterException(spec.commandLine(), "--older-than is a number of days, hours or minutes,"
                    + " e.g. 30d, 12h or 90m; got '" + olderThan + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
