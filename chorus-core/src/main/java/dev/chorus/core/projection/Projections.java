package dev.chorus.core.projection;

import dev.chorus.core.AllReader;
import dev.chorus.core.AllSubscriber;
import dev.chorus.core.internal.Each;
import dev.chorus.core.state.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every registered projection of an application, one {@link ProjectionRunner} each, over one log and one state
 * store. Closing it stops them all; the log and the store belong to the caller.
 */
public final class Projections implements AutoCloseable {
    private final Map<String, ProjectionRunner<?>> runners;

    private Projections(Map<String, ProjectionRunner<?>> runners) {
        this.runners = runners;
    }

    /** Stopped runners for everything in {@code registry}; {@link #startAll} sets them going. */
    public static <S extends AllReader & AllSubscriber> Projections create(ProjectionRegistry registry, S source,
                                                                          StateStore store, ProjectionConfig config) {
        Objects.requireNonNull(registry, "registry");
        var runners = new LinkedHashMap<String, ProjectionRunner<?>>();
        for (Projection<?> projection : registry.projections()) {
            runners.put(projection.name(), ProjectionRunner.create(source, store, projection, config));
        }
        return new Projections(runners);
    }

    /** @throws UnknownProjection no projection has that name */
    public ProjectionRunner<?> get(String name) {
        var runner = runners.get(name);
        if (runner == null) {
            throw new UnknownProjection(name, List.copyOf(runners.keySet()));
        }
        return runner;
    }

    /** In registration order. */
    public List<ProjectionRunner<?>> runners() {
        return List.copyOf(runners.values());
    }

    public List<ProjectionStatus> statuses() {
        var statuses = new ArrayList<ProjectionStatus>(runners.size());
        runners.values().forEach(runner -> statuses.add(runner.status()));
        return statuses;
    }

    public void startAll() {
        runners.values().forEach(ProjectionRunner::start);
    }

    public void stopAll() {
        Each.run(runners.values(), ProjectionRunner::stop);
    }

    @Override
    public void close() {
        stopAll();
    }
}
