package dev.chorus.cli;

import dev.chorus.core.projection.ProjectionRegistry;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the {@code chorus} command runs: an application's explicit registrations, handed to the commands that need
 * them (nothing is found by scanning). Until the reference shop arrives, the command runs the demo, which registers
 * no projections; the shop will be wired in here as another {@code ChorusApplication}.
 *
 * @param name        how messages refer to the application
 * @param projections registers the application's projections
 */
public record ChorusApplication(String name, Consumer<ProjectionRegistry> projections) {
    public ChorusApplication {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projections, "projections");
    }

    /** The application this build of the command runs. */
    public static ChorusApplication demo() {
        return new ChorusApplication("demo", registry -> { });
    }

    /** A fresh registry holding the application's projections. */
    public ProjectionRegistry projectionRegistry() {
        var registry = new ProjectionRegistry();
        projections.accept(registry);
        return registry;
    }
}
