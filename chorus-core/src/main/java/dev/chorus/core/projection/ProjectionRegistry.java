package dev.chorus.core.projection;

import dev.chorus.core.ValidationError;
import dev.chorus.core.projection.internal.ProjectionNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The projections an application has, each registered explicitly by the application's wiring code (nothing is
 * found by scanning). Names are unique. Not thread-safe: fill it while the application starts, then share it.
 */
public final class ProjectionRegistry {
    private final LinkedHashMap<String, Projection<?>> byName = new LinkedHashMap<>();

    public ProjectionRegistry register(Projection<?> projection) {
        Objects.requireNonNull(projection, "projection");
        String name = ProjectionNames.validate(projection.name());
        Objects.requireNonNull(projection.codec(), "codec of projection " + name);
        if (byName.containsKey(name)) {
            throw new ValidationError("name", "a projection named " + name + " is already registered;"
                    + " two projections sharing a name would share a read model and a checkpoint");
        }
        byName.put(name, projection);
        return this;
    }

    /** In registration order. */
    public List<Projection<?>> projections() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<Projection<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @throws UnknownProjection no projection has that name */
    public Projection<?> get(String name) {
        var projection = byName.get(name);
        if (projection == null) {
            throw new UnknownProjection(name, new ArrayList<>(byName.keySet()));
        }
        return projection;
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }
}
