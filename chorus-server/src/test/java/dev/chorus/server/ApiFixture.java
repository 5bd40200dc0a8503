package dev.chorus.server;

import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.handler.DeadLetterStore;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.lineage.LineageIndex;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.log.state.EmbeddedStateStore;
import dev.chorus.log.state.StateStoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The API on a real embedded log and state store in a directory, with the test domain's module. */
final class ApiFixture implements AutoCloseable {
    final EmbeddedLog log;
    final EmbeddedStateStore state;
    final DeadLetters deadLetters;
    final CommandLoop<Accounts.Command, Accounts.Account, Accounts.Event> accounts;
    final ProjectionRunner<Accounts.Event> balances;
    final LineageIndex lineage;
    final HttpApi api;
    final Http http;
    /** Other services' dead letters, by service, as a distributed API holds copies of them. */
    final Map<String, DeadLetterStore> elsewhere = new ConcurrentHashMap<>();
    /** What this API asked other services to do with their dead letters, when it may ask. */
    final List<String> asked = new CopyOnWriteArrayList<>();

    ApiFixture(Path dir, boolean withLineageIndex, Consumer<ServerConfig.Builder> setup) {
        this(dir, withLineageIndex, false, setup);
    }

    ApiFixture(Path dir, boolean withLineageIndex, boolean asksOtherServices, Consumer<ServerConfig.Builder> setup) {
        log = EmbeddedLog.open(LogConfig.of(dir, c -> { }));
        state = EmbeddedStateStore.open(StateStoreConfig.besideLog(dir));
        deadLetters = new DeadLetters(state, Clock.systemUTC());
        accounts = CommandLoop.create(log, Accounts.BINDING, c -> { });
        balances = ProjectionRunner.create(log, state, Accounts.BALANCES, ProjectionConfig.DEFAULT);
        lineage = LineageIndex.open(log, state);
        var backend = ApiBackend.of(log, state, deadLetters)
                .withStreams(StreamViews.empty().with("account-", Accounts.BINDING))
                .withReadModels(() -> java.util.List.of(balances.status()))
                .withDeadLettersElsewhere(() -> Map.copyOf(elsewhere));
        if (asksOtherServices) {
            backend = backend.withDeadLetterRequests((service, id, eventId, action) -> asked.add(action + " " + service
                    + " " + id));
        }
        if (withLineageIndex) {
            lineage.start();
            backend = backend.withLineage(lineage);
        }
        api = HttpApi.start(ServerConfig.of(c -> {
            c.port = 0;
            setup.accept(c);
        }), backend, new AccountsModule(accounts, balances));
        http = new Http(api.uri());
    }

    ApiFixture(Path dir) {
        this(dir, false, c -> { });
    }

    @Override
    public void close() {
        http.close();
        api.close();
        lineage.close();
        balances.close();
        state.close();
        log.close();
    }
}
