package dev.chorus.cli;

import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chorus projections lag [NAME...]}: how many events of the log each read model does not reflect yet. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        header = "Show how far behind the log's head each projection is.",
        description = {"Show, per projection, its checkpoint, the log's head and the lag between them (head -",
                "checkpoint): the events its read model does not reflect yet."})
final class ProjectionsLagCommand implements Callable<Integer> {
    private final Io io;
    private final ChorusApplication application;

    @Mixin
    ProjectionData data = new ProjectionData();

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "only these projections (default: all)")
    List<String> names = new ArrayList<>();

    ProjectionsLagCommand(Io io, ChorusApplication application) {
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
        var chosen = chosen(registry);
        try (var log = data.openEvents(); var state = data.open().<StateStore>map(store -> store)
                .orElseGet(InMemoryStateStore::new)) {
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"projection", "checkpoint", "head", "lag"});
            long behind = 0;
            var ahead = new ArrayList<String>();
            for (var projection : chosen) {
                var status = ProjectionRunner.create(log, state, projection, ProjectionConfig.DEFAULT).status();
                boolean beyond = status.checkpoint() > status.head();
                rows.add(new String[] {status.projection(), ProjectionText.count(status.checkpoint()),
                        ProjectionText.count(status.head()), beyond ? "ahead!" : ProjectionText.count(status.lag())});
                behind += status.lag() > 0 ? 1 : 0;
                if (beyond) {
                    ahead.add(status.projection());
                }
            }
            ProjectionText.table(rows, io.out());
            if (behind > 0) {
                io.out().println(DamageText.plural(behind, "projection") + " behind the log; each catches up when"
                        + " the service starts, or 'chorus projections rebuild NAME' replays one from 0");
            }
            // A checkpoint past the head means a read model of events the log does not hold: never fine.
            for (String name : ahead) {
                io.err().println("chorus: projection " + name + " is ahead of the log: its state store does not"
                        + " belong to this log, or the log lost events; 'chorus projections rebuild " + name
                        + "' makes it whole");
            }
            return ahead.isEmpty() ? 0 : 1;
        }
    }

    private List<Projection<?>> chosen(ProjectionRegistry registry) {
        if (names.isEmpty()) {
            return registry.projections();
        }
        return names.stream().<Projection<?>>map(registry::get).toList();
    }
}
