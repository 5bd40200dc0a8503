package dev.chorus.cli;

import dev.chorus.core.EventStore;
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
                "checkpoint): the events its read model does not reflect yet. The checkpoint shown is past the",
                "events right after the stored one that the projection does not read: a running service saves",
                "its checkpoint past those only every few hundred."})
final class ProjectionsLagCommand implements Callable<Integer> {
    private static final int SKIPPED_SCAN = 1_000;
    private static final int PAGE = 256;

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
            data.requireRoleOf(state, registry);
            var rows = new ArrayList<String[]>();
            rows.add(new String[] {"projection", "checkpoint", "head", "lag"});
            long behind = 0;
            var ahead = new ArrayList<String>();
            for (var projection : chosen) {
                var status = ProjectionRunner.create(log, state, projection, ProjectionConfig.DEFAULT).status();
                boolean beyond = status.checkpoint() > status.head();
                long reflected = beyond ? status.checkpoint() : reflectedUpTo(log, projection, status.checkpoint(),
                        status.head());
                long lag = status.head() - reflected;
                rows.add(new String[] {status.projection(), ProjectionText.count(reflected),
                        ProjectionText.count(status.head()), beyond ? "ahead!" : ProjectionText.count(lag)});
                behind += lag > 0 ? 1 : 0;
                if (beyond) {
                    ahead.add(status.projection());
                }
            }
            ProjectionText.table(rows, io.out());
            if (behind > 0) {
                io.out().println(DamageText.plural(behind, "projection") + " behind the log; each catches up while"
                        + " its service runs (or when it next starts), or 'chorus projections rebuild NAME' replays one"
                        + " from 0");
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

    /**
     * The stored checkpoint moved past the events after it that the projection does not read: its read model
     * reflects them as it is, and a running service saves a checkpoint past such events only every few hundred (or
     * when it stops). Looks at most {@value #SKIPPED_SCAN} events ahead.
     */
    private static long reflectedUpTo(EventStore log, Projection<?> projection, long checkpoint, long head) {
        long limit = Math.min(head, checkpoint + SKIPPED_SCAN);
        long position = checkpoint;
        while (position < limit) {
            var page = log.readAll(position, (int) Math.min(PAGE, limit - position));
            if (page.isEmpty()) {
                return position;
            }
            for (var event : page) {
                if (projection.codec().knows(event.type().name())) {
                    return event.position();
                }
                position = event.position() + 1;
            }
        }
        return position;
    }

    private List<Projection<?>> chosen(ProjectionRegistry registry) {
        if (names.isEmpty()) {
            return registry.projections();
        }
        return names.stream().<Projection<?>>map(registry::get).toList();
    }
}
