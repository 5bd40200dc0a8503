package dev.chorus.distributed;

import dev.chorus.core.EventImporter;
import dev.chorus.core.EventStore;
import dev.chorus.core.ImportedEvent;
import dev.chorus.core.IndexedImporter;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.handler.DeadLetters;
import dev.chorus.core.handler.HandlerConfig;
import dev.chorus.core.handler.Handlers;
import dev.chorus.distributed.internal.Leadership;
import dev.chorus.distributed.internal.RequestedRetries;
import dev.chorus.kafka.BrokerProbe;
import dev.chorus.kafka.ChorusTopics;
import dev.chorus.kafka.DeadLetterBoard;
import dev.chorus.kafka.DeadLetterPublisher;
import dev.chorus.kafka.DeadLetterRequests;
import dev.chorus.kafka.Inbox;
import dev.chorus.kafka.InboxConfig;
import dev.chorus.kafka.KafkaUnavailable;
import dev.chorus.kafka.Relay;
import dev.chorus.kafka.RelayConfig;
import dev.chorus.log.EmbeddedLog;
import dev.chorus.log.LogConfig;
import dev.chorus.postgres.PostgresConfig;
import dev.chorus.postgres.PostgresEventStore;
import dev.chorus.postgres.PostgresFailure;
import dev.chorus.postgres.PostgresStateStore;
import dev.chorus.server.ApiBackend;
import dev.chorus.server.ApiError;
import dev.chorus.server.HttpApi;
import dev.chorus.server.ServerConfig;
import dev.chorus.server.shop.ShopApi;
import dev.chorus.shop.ShopNode;
import dev.chorus.shop.ShopRole;
import dev.chorus.shop.contracts.ServiceRuntime;
import dev.chorus.shop.contracts.ShopCodecs;
import java.net.URI;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One process of the distributed shop. Its own facts live in its PostgreSQL schema, or with a data directory in the
 * embedded log there (one instance of the role then: the log is that process's alone); its state (read models,
 * checkpoints, dead letters) in the schema. An inbox imports the facts of the roles it reacts to from Kafka into its
 * event store, in every instance (they share the partitions); and the work
 * that must happen once (the service's read models, reactions and request desk, the relay to its topic, the
 * dead-letter mirror, the dead-letter retries requested from other processes, and for the API the HTTP server)
 * runs in the instance that holds the role's leadership, moving to another instance when that one dies.
 */
public final class ShopProcess implements AutoCloseable {
    private static final Duration DEAD_LETTER_INTERVAL = Duration.ofSeconds(1);

    private final ProcessConfig config;
    private final EventStore events;
    private final EventImporter importer;
    private final PostgresStateStore state;
    private final Consumer<String> log;
    private final CompletableFuture<URI> served = new CompletableFuture<>();
    private Inbox inbox;
    private Leadership leadership;
    private volatile Optional<URI> address = Optional.empty();

    private ShopProcess(ProcessConfig config, EventStore events, EventImporter importer, PostgresStateStore state,
                        Consumer<String> log) {
        this.config = config;
        this.events = events;
        this.importer = importer;
        this.state = state;
        this.log = log;
    }

    /** Opens the role's store, starts its inbox and competes for its leadership; {@code log} hears what happens. */
    public static ShopProcess start(ProcessConfig config, Consumer<String> log) {
        // Before anything is set up (a schema, a client that warns on every reconnect): one error when no broker is there.
        BrokerProbe.awaitListening(config.kafka(), config.brokerWait(), log);
        if (config.role() == ShopRole.API && config.port() != 0 && !schemaExists(config)) {
            // a taken port before a schema is made for nothing; where one exists, this may be a standby of its api,
            // which finds the port taken by the leader and waits to take it over
            HttpApi.requireFree(config.host(), config.port());
        }
        var postgres = PostgresConfig.of(config.postgresUrl(), c -> {
            c.schema = config.schema();
            c.clock = config.clock();
        });
        var state = PostgresStateStore.open(postgres);
        ShopProcess process;
        try {
            process = config.dataDir().isPresent() ? onTheLog(config, state, log) : onPostgres(config, postgres, state, log);
        } catch (RuntimeException e) {
            state.close();
            throw e;
        }
        try {
            process.startInbox();
            process.leadership = Leadership.start(config.postgresUrl(), new Properties(),
                    RoleLock.leadershipName(config.schema()), config.leaderCheck(), process::lead,
                    error -> log.accept("leadership of " + config.role().id() + ": " + error));
            return process;
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static boolean schemaExists(ProcessConfig config) {
        try (var connection = DriverManager.getConnection(config.postgresUrl(), new Properties());
             var query = connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            query.setString(1, config.schema());
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new PostgresFailure("look for schema " + config.schema(), e);
        }
    }

    private static ShopProcess onPostgres(ProcessConfig config, PostgresConfig postgres, PostgresStateStore state,
                                          Consumer<String> log) {
        SchemaClaim.under(config.postgresUrl(), config.schema(),
                holdsFacts -> FactsLocation.claim(state, config.schema(), FactsLocation.POSTGRES, holdsFacts));
        var events = PostgresEventStore.open(postgres);
        return new ShopProcess(config, events, events, state, log);
    }

    /** The log's directory is locked by the first process to open it, and a schema records which log it follows. */
    private static ShopProcess onTheLog(ProcessConfig config, PostgresStateStore state, Consumer<String> log) {
        var dir = config.dataDir().orElseThrow();
        // decided before the directory is made or its log opened: a refusal leaves nothing behind
        SchemaClaim.under(config.postgresUrl(), config.schema(),
                holdsFacts -> FactsLocation.claimLog(state, config.schema(), dir, holdsFacts));
        var events = EmbeddedLog.open(LogConfig.of(dir, c -> c.clock = config.clock()));
        try {
            var importer = new IndexedImporter(events, state, events.config().limits(), config.clock());
            importer.catchUp(); // what a process killed mid-import appended and did not index
            return new ShopProcess(config, events, importer, state, log);
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
    }

    private void startInbox() {
        var role = config.role();
        var sources = role.imports().stream().map(ShopRole::id).toArray(String[]::new);
        var inboxConfig = InboxConfig.reactingTo(role.id(), sources).withAcceptedTypes(role.acceptedTypeNames())
                .withGroup(config.inboxGroup()).withCheck(ShopProcess::unreadable);
        inbox = Inbox.start(config.kafka(), importer, inboxConfig, config.clock());
    }

    /**
     * Why the shop cannot read an imported fact, or empty: its data must decode as the contract's record (upcast as
     * on any read), or it would stop every read model and reaction of its type at it; it goes to the inbox's dead
     * letters instead.
     */
    static Optional<String> unreadable(ImportedEvent imported) {
        var event = imported.event();
        var recorded = new RecordedEvent(0, imported.streamId(), 0, event.type(), event.data(), event.metadata());
        try {
            if (ShopCodecs.ALL.canDecode(event.type())) {
                ShopCodecs.ALL.decode(recorded);
            } else if (ShopCodecs.REQUESTS.canDecode(event.type())) {
                ShopCodecs.REQUESTS.decode(recorded);
            }
            return Optional.empty();
        } catch (CodecFailure unreadable) {
            return Optional.of(unreadable.getMessage());
        }
    }

    /** What the leader runs; closing it stops all of it. */
    private Leadership.Work lead() {
        var parts = new ArrayList<AutoCloseable>();
        try {
            var deadLetters = new DeadLetters(state, config.clock());
            var handlers = add(parts, new Handlers(events, state, deadLetters,
                    HandlerConfig.of(c -> c.clock(config.clock()))));
            var runtime = new ServiceRuntime(events, state, handlers, config.clock(), config.answerTimeout());
            var node = add(parts, ShopNode.start(config.role(), runtime, config.answerTimeout()));
            add(parts, Relay.start(config.kafka(), events, state, RelayConfig.forService(config.role().id())));
            add(parts, DeadLetterPublisher.start(config.kafka(), config.role().id(), state, events,
                    DEAD_LETTER_INTERVAL));
            add(parts, RequestedRetries.start(deadLetters, DEAD_LETTER_INTERVAL, log));
            if (node.gateway().isEmpty()) { // what the API asks of this service's dead letters
                add(parts, DeadLetterRequests.perform(config.kafka(), config.deadLetterRequestsGroup(),
                        config.role().id(), deadLetters, log));
            }
            node.gateway().ifPresent(gateway -> {
                // every service's dead letters, copied from their topics, beside the API's own
                add(parts, DeadLetterBoard.start(config.kafka(), config.deadLetterBoardGroup(),
                        DeadLetterBoard.EVERY_SERVICE, config.role().id(), state, log));
                var asker = add(parts, DeadLetterRequests.asker(config.kafka(), "chorus." + config.role().id()
                        + ".dead-letter-asker"));
                var backend = ApiBackend.of(events, state, deadLetters).withStreams(ShopApi.streamViews())
                        .withReadModels(gateway::readModels)
                        .withDeadLettersElsewhere(() -> DeadLetterBoard.of(state))
                        .withDeadLetterRequests((service, id, eventId, action) -> {
                            try {
                                asker.ask(service, id, eventId,
                                        DeadLetterRequests.Action.valueOf(action.toUpperCase(Locale.ROOT)));
                            } catch (KafkaUnavailable down) {
                                throw new ApiError(503, "unavailable", "the request to " + service + " could not be"
                                        + " sent (" + down.getMessage() + "): try again", Optional.empty(),
                                        Map.of("service", service));
                            }
                        });
                HttpApi api;
                try {
                    api = add(parts, HttpApi.start(ServerConfig.of(c -> {
                        c.host = config.host();
                        c.port = config.port();
                    }), backend, new ShopApi(gateway)));
                } catch (RuntimeException e) {
                    // the port is taken, say: what waits for the API to serve hears why it does not
                    served.completeExceptionally(e);
                    throw e;
                }
                address = Optional.of(api.uri());
            });
            log.accept("leading " + config.role().id() + address.map(uri -> " at " + uri).orElse(""));
            address.ifPresent(served::complete); // after the line above: what waits for it prints its own
            return () -> {
                address = Optional.empty();
                closeAll(parts);
                log.accept("stopped leading " + config.role().id());
            };
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> parts, T part) {
        parts.add(part);
        return part;
    }

    private static void closeAll(List<AutoCloseable> parts) {
        RuntimeException failure = null;
        for (var part : parts.reversed()) {
            try {
                part.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        parts.clear();
        if (failure != null) {
            throw failure;
        }
    }

    public ProcessConfig config() {
        return config;
    }

    public boolean leading() {
        return leadership != null && leadership.leading();
    }

    /** The API's address while this instance serves it. */
    public Optional<URI> address() {
        return address;
    }

    /**
     * Completes with the API's address the first time this instance serves it, or fails with why it could not
     * serve the first time it tried (its port taken, say).
     */
    public CompletableFuture<URI> served() {
        return served;
    }

    public Inbox inbox() {
        return inbox;
    }

    /** The role's facts: its PostgreSQL schema's, or the embedded log of its data directory. */
    public EventStore events() {
        return events;
    }

    public PostgresStateStore state() {
        return state;
    }

    public String topic() {
        return ChorusTopics.serviceTopic(config.role().id());
    }

    /** Stops everything, each part even when one before it fails (a log's directory stays locked until closed). */
    @Override
    public void close() {
        try {
            if (leadership != null) {
                leadership.close();
            }
        } finally {
            try {
                if (inbox != null) {
                    inbox.close();
                }
            } finally {
                try {
                    state.close();
                } finally {
                    events.close();
                }
            }
        }
    }
}
