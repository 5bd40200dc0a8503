package dev.chorus.cli;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code chorus projections list}: the registered projections and their checkpoints. */
@Command(name = "list", mixinStandardHelpOptions = true,
        header = "List the application's projections with their checkpoints.",
        description = {"List the projections the application registers, in registration order, with each one's",
                "checkpoint: the next position it will apply (0: it never ran, or was just cleared)."})
final class ProjectionsListCommand implements Callable<Integer> {
    private final Io io;
    private final ChorusApplication application;

    @Mixin
    ProjectionData data = new ProjectionData();

    ProjectionsListCommand(Io io, ChorusApplication application) {
        this.io = io;
        this.application = application;
    }

    @Override
    public Integer call() {
        var registry = data.registry(application);
        if (registry.isEmpty()) {
            io.out().println("the " + application.name() + " application registers no projections");
            return 0;
        }
        boolean haveData = data.exists();
        try (StateStore state = haveData ? data.open().<StateStore>map(store -> store).orElseGet(InMemoryStateStore::new)
                : new InMemoryStateStore()) {
            data.requireRoleOf(state, registry);
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"projection", "checkpoint"});
            for (Projection<?> projection : registry.projections()) {
                long checkpoint = Checkpoints.load(state, "projection/" + projection.name());
                rows.add(new String[] {projection.name(), haveData ? ProjectionText.count(checkpoint) : "-"});
            }
            ProjectionText.table(rows, io.out());
            if (!haveData) {
                io.out().println("(" + data.describeAbsence() + ": nothing has run there yet)");
            }
            return 0;
        }
    }
}
