package dev.chorus.cli;

import dev.chorus.core.projection.ProjectionRegistry;
import dev.chorus.shop.ShopServices;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the {@code chorus} command runs: an application's explicit registrations, handed to the commands that need
 * them (nothing is found by scanning). This build runs Chorus Shop: {@code chorus projections} lists, measures and
 * rebuilds its read models in a stopped demo's data directory (until 2026-11-27 it ran an application with none).
 *
 * @param name        how messages refer to the application
 * @param projections registers the application's projections
 */
public record ChorusApplication(String name, Consumer<ProjectionRegistry> projections) {
    public ChorusApplication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projections, "projections");
    }

    /** The application this build of the command runs: the shop that {@code chorus demo} starts. */
    public static ChorusApplication shop() {
        return new ChorusApplication("shop", ShopServices::registerProjections);
    }

    /** A fresh registry holding the application's projections. */
    public ProjectionRegistry projectionRegistry() {
        var registry = new ProjectionRegistry();
        projections.accept(registry);
        return registry;
    }
}
