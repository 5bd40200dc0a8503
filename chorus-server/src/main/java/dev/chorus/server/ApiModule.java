package dev.chorus.server;

import io.javalin.config.RoutesConfig;

/**
 * An application's own endpoints (the shop's customers, inventory, orders), added beside the generic ones. Its
 * handlers throw {@link ApiError} or Chorus's typed errors; the API turns both into JSON error answers.
 */
@FunctionalInterface
public interface ApiModule {
    void register(RoutesConfig routes, ApiSupport support);
}
