package dev.chorus.cli;

import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.shop.ShopRole;
import dev.chorus.shop.ShopServices;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the {@code chorus} command runs: an application's explicit registrations, handed to the commands that need
 * them (nothing is found by scanning). This build runs Chorus Shop: {@code chorus projections} lists, measures and
 * rebuilds its read models in a stopped demo's data directory, or in the schema of one role started with
 * {@code chorus run}.
 *
 * @param name        how messages refer to the application
 * @param projections registers the application's projections, as they run together on one store
 * @param roles       registers the projections of each role, by its id, as it runs on a store of its own
 */
public record ChorusApplication(String name, Consumer<ProjectionRegistry> projections,
                                Map<String, Consumer<ProjectionRegistry>> roles) {
    public ChorusApplication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projections, "projections");
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    /** An application that runs on one store only. */
    public ChorusApplication(String name, Consumer<ProjectionRegistry> projections) {
        this(name, projections, Map.of());
    }

    /** The application this build of the command runs: the shop that {@code chorus demo} starts. */
    public static ChorusApplication shop() {
        var roles = new LinkedHashMap<String, Consumer<ProjectionRegistry>>();
        for (var role : ShopRole.values()) {
            roles.put(role.id(), role::registerProjections);
        }
        return new ChorusApplication("shop", ShopServices::registerProjections, roles);
    }

    /** A fresh registry holding the application's projections. */
    public ProjectionRegistry projectionRegistry() {
        var registry = new ProjectionRegistry();
        projections.accept(registry);
        return registry;
    }

    /** A fresh registry holding the projections of {@code role}; empty when the application has no such role. */
    public Optional<ProjectionRegistry> roleRegistry(String role) {
        var registrations = roles.get(role);
        if (registrations == null) {
            return Optional.empty();
        }
        var registry = new ProjectionRegistry();
        registrations.accept(registry);
        return Optional.of(registry);
    }

    /** The ids of its roles, in order. */
    public List<String> roleNames() {
        return List.copyOf(roles.keySet());
    }
}
