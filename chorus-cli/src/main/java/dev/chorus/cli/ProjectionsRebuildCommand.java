package dev.chorus.cli;

import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chorus projections rebuild NAME}: clears one read model and replays the whole log into it. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        header = "Rebuild one projection's read model from position 0, with a progress bar.",
        description = {"Delete one projection's read model and checkpoint (in one commit), then replay the log from",
                "position 0 into it, committing batch by batch. Interrupted, it leaves a consistent but partial",
                "read model: the service carries on from there when it starts, or run the rebuild again.",
                "With --postgres it rebuilds a read model of a role started with chorus run, in its schema; no",
                "instance of the role may lead it meanwhile (the rebuild holds the role's leadership)."})
final class ProjectionsRebuildCommand implements Callable<Integer> {
    private final Io io;
    private final ChorusApplication application;
    private final Clock clock = Clock.systemUTC();

    @Mixin
    ProjectionData data = new ProjectionData();

    @Parameters(index = "0", paramLabel = "NAME", description = "the projection to rebuild")
    String name = "";

    @Option(names = "--progress", paramLabel = "HOW", defaultValue = "auto",
            description = "bar (redrawn in place), lines (one per tenth), or auto: a bar on a terminal, lines"
                    + " otherwise (default: ${DEFAULT-VALUE})")
    RebuildDisplay.Mode progress = RebuildDisplay.Mode.AUTO;

    ProjectionsRebuildCommand(Io io, ChorusApplication application) {
        this.io = io;
        this.application = application;
    }

    @Override
    public Integer call() throws InterruptedException {
        var registry = data.registry(application);
        var projection = registry.get(name);
        try (var exclusive = data.exclusive("rebuild " + projection.name()); var log = data.openEvents();
             var state = data.openOrCreateState();
             var runner = ProjectionRunner.create(log, state, projection, ProjectionConfig.DEFAULT)) {
            data.requireRoleOf(state, registry);
            io.out().println("rebuilding " + projection.name() + " from position 0 of " + data.describeEvents());
            var display = RebuildDisplay.of(progress, io);
            long started = clock.millis();
            try {
                var done = runner.rebuild(step -> {
                    exclusive.ensureHeld();
                    display.accept(step);
                });
                display.finish();
                io.out().println(String.format(Locale.ROOT, "rebuilt %s: %,d events in %.1f s; checkpoint %,d",
                        projection.name(), done.total(), (clock.millis() - started) / 1000.0, runner.checkpoint()));
            } finally {
                display.finish();
            }
            return 0;
        }
    }
}
