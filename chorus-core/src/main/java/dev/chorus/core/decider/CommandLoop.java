package dev.chorus.core.decider;

import dev.chorus.core.AppendResult;
import dev.chorus.core.ConcurrencyConflict;
import dev.chorus.core.EventStore;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.QueuedAppender;
import dev.chorus.core.UuidV7;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.internal.Snapshots;
import dev.chorus.core.decider.internal.StateCache;
import dev.chorus.core.decider.internal.StreamFolder;
import dev.chorus.core.handler.HandlerContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The one command loop: load the command's stream (from its snapshot, if any, plus the events after it),
 * decide, append the new events expecting the version that was loaded, and on a version conflict (someone
 * else appended in between) wait and do it all again, up to the retry policy's limit. Nothing else is
 * retried: a {@link CommandRejected}, a decider's bug or a store failure reach the caller at once, and
 * none of them writes anything.
 *
 * <p>Thread-safe and stateless between commands: any number of threads may run commands, on one stream or
 * many; the expected version keeps their appends in order.
 *
 * <pre>{@code
 * var loop = CommandLoop.create(store, accounts, c -> c.snapshotStore = states);
 * var result = loop.handle(new Deposit("a-1", 100), MessageContext.correlatedBy(requestId));
 * readModel.awaitPosition(result.position());
 * }</pre>
 */
public final class CommandLoop<C, S, E> {
    private final EventStore store;
    private final DeciderBinding<C, S, E> binding;
    private final CommandLoopConfig config;
    private final StreamFolder<S, E> folder;
    private final Optional<Snapshots<S>> snapshots;
    private final Optional<StateCache<S>> cache;
    /** Per stream, the last queued append not yet durable, and the state it leaves. */
    private final ConcurrentHashMap<String, InFlight<S>> inFlight = new ConcurrentHashMap<>();

    /** {@code settled} completes after {@code appended}, once the loop has taken note of the outcome. */
    private record InFlight<S>(StreamState<S> after, CompletableFuture<AppendResult> appended,
                               CompletableFuture<?> settled) {}

    private CommandLoop(EventStore store, DeciderBinding<C, S, E> binding, CommandLoopConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.binding = Objects.requireNonNull(binding, "binding");
        this.config = Objects.requireNonNull(config, "config");
        if (binding.snapshots().isPresent() && config.snapshotStore().isEmpty()) {
            throw new ValidationError("snapshotStore", "the binding takes snapshots ("
                    + binding.snapshots().get().name() + ") but the command loop has no snapshotStore to keep them"
                    + " in; set one, or bind without snapshots");
        }
        this.snapshots = binding.snapshots().map(policy -> new Snapshots<>(config.snapshotStore().orElseThrow(), policy));
        this.folder = new StreamFolder<>(store, binding.decider(), binding.codec(), snapshots);
        this.cache = config.stateCache() == 0 ? Optional.empty() : Optional.of(new StateCache<>(config.stateCache()));
    }

    public static <C, S, E> CommandLoop<C, S, E> create(EventStore store, DeciderBinding<C, S, E> binding,
                                                        CommandLoopConfig config) {
        return new CommandLoop<>(store, binding, config);
    }

    public static <C, S, E> CommandLoop<C, S, E> create(EventStore store, DeciderBinding<C, S, E> binding,
                                                        Consumer<CommandLoopConfig.Builder> setup) {
        return new CommandLoop<>(store, binding, CommandLoopConfig.of(setup));
    }

    public DeciderBinding<C, S, E> binding() {
        return binding;
    }

    /**
     * Runs {@code command}: its events carry {@code context}'s correlation, causation and traceparent.
     *
     * @throws CommandRejected     the decider refused it; nothing was written
     * @throws ConcurrencyConflict still conflicting after the retry policy's last try; nothing was written
     */
    public CommandResult<S, E> handle(C command, MessageContext context) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(context, "context");
        String streamId = binding.streamIdOf(command);
        RetryPolicy retry = config.retry();
        ConcurrencyConflict lastConflict = null;
        for (int attempt = 1; ; attempt++) {
            Optional<StreamState<S>> cached = lastConflict == null ? cached(streamId) : Optional.empty();
            StreamState<S> loaded = cached.isPresent() ? cached.get()
                    : lastConflict == null ? load(streamId) : folder.current(streamId);
            if (lastConflict != null && loaded.version() < lastConflict.actualVersion()) {
                // The store refused the append over a write that readers cannot see yet (a durable store shows a
                // write once it is fsync'd). Deciding on this older state would only conflict again: wait instead.
                retryOrThrow(retry, attempt, lastConflict);
                continue;
            }
            var decided = decideVerified(command, loaded, cached.isPresent());
            loaded = decided.on();
            List<E> events = decided.events();
            if (events.isEmpty()) {
                return new CommandResult<>(streamId, List.of(), loaded.state(), loaded.version(), loaded.position(),
                        Optional.empty(), attempt, SnapshotOutcome.NOT_DUE);
            }
            S next = evolveAll(loaded, events);
            AppendResult appended;
            try {
                appended = store.append(streamId, loaded.expectedVersion(), encode(events, context, loaded));
            } catch (ConcurrencyConflict conflict) {
                cache.ifPresent(c -> c.forget(streamId));
                lastConflict = conflict;
                retryOrThrow(retry, attempt, conflict);
                continue;
            }
            var after = new StreamState<>(streamId, next, appended.lastVersion(), appended.lastPosition());
            keep(after);
            return new CommandResult<>(streamId, events, next, appended.lastVersion(), appended.lastPosition(),
                    Optional.of(appended), attempt, snapshotAfter(loaded, after));
        }
    }

    /**
     * Runs {@code command} as a handler's reaction to the event in {@code context}, with its context's
     * correlation and causation. Where the store queues appends ({@link QueuedAppender}) and the context lets
     * it, the append is queued instead of awaited and the handler's runner waits for it before its checkpoint
     * passes the event, so that the handler decides its next events while this one's fsync is under way; a
     * next command on the same stream is decided on the state this one leaves, and refused with it if it is
     * refused. Otherwise, or when a snapshot is due, as {@link #handle(Object, MessageContext)}.
     *
     * <p>The returned future completes on the store's own threads: chain nothing onto it that blocks or runs
     * another command, or the log waits for it.
     *
     * @return completes once the command's events are durable; exceptionally, with a
     *         {@link ConcurrencyConflict} or a store's failure, if its append was refused (the runner then
     *         hands the event to the handler again)
     * @throws CommandRejected the decider refused it; nothing was written
     */
    public CompletableFuture<CommandResult<S, E>> handle(C command, HandlerContext context) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(context, "context");
        if (!context.queuesAppends() || !(store instanceof QueuedAppender queued)) {
            return CompletableFuture.completedFuture(handle(command, context.messageContext()));
        }
        var result = queue(command, context.messageContext(), queued);
        context.awaitBeforeCommit(result);
        return result;
    }

    private CompletableFuture<CommandResult<S, E>> queue(C command, MessageContext context, QueuedAppender queued) {
        String streamId = binding.streamIdOf(command);
        var before = inFlight.get(streamId);
        Optional<StreamState<S>> cached = before != null ? Optional.of(before.after()) : cached(streamId);
        var decided = decideVerified(command, cached.orElseGet(() -> load(streamId)), cached.isPresent());
        var loaded = decided.on();
        if (loaded != cached.orElse(null)) {
            // decided on the store's state, after this loop's queued appends on the stream had settled
            before = null;
        }
        List<E> events = decided.events();
        if (events.isEmpty()) {
            // never on a state in memory only: decideVerified checks a "nothing to do" against the store
            return CompletableFuture.completedFuture(new CommandResult<>(streamId, List.of(), loaded.state(),
                    loaded.version(), loaded.position(), Optional.empty(), 1, SnapshotOutcome.NOT_DUE));
        }
        S next = evolveAll(loaded, events);
        long version = loaded.version() + events.size();
        if (snapshots.isPresent() && snapshots.get().policy().isDue(loaded.version() + 1, version + 1)) {
            // A snapshot is written once its state is durable, by the thread that ran the command.
            return CompletableFuture.completedFuture(handle(command, context));
        }
        var appended = queued.appendQueued(streamId, loaded.expectedVersion(), encode(events, context, loaded),
                Optional.ofNullable(before).map(InFlight::appended));
        var settled = new CompletableFuture<CommandResult<S, E>>();
        var entry = new InFlight<>(new StreamState<>(streamId, next, version, -1), appended, settled);
        inFlight.put(streamId, entry);
        appended.whenComplete((landed, refused) -> {
            // The cache learns the outcome before the entry goes: a command in between reads one or the other.
            if (refused != null) {
                cache.ifPresent(c -> c.forget(streamId));
                inFlight.remove(streamId, entry);
                settled.completeExceptionally(refused);
                return;
            }
            var after = new StreamState<>(streamId, next, landed.lastVersion(), landed.lastPosition());
            keep(after);
            inFlight.remove(streamId, entry);
            settled.complete(new CommandResult<>(streamId, events, next, landed.lastVersion(),
                    landed.lastPosition(), Optional.of(landed), 1, SnapshotOutcome.NOT_DUE));
        });
        return settled;
    }

    private record Decided<S, E>(StreamState<S> on, List<E> events) {}

    /**
     * Decides on {@code loaded}. A state kept in memory (the cache, or what a queued append leaves) may be older
     * than the store: an append decided on it fails its expected version, but a refusal or a "nothing to do" would
     * stand unchecked, so those are decided again on the store's state, once this loop's queued appends on the
     * stream have settled, and only that answer stands.
     */
    private Decided<S, E> decideVerified(C command, StreamState<S> loaded, boolean fromMemory) {
        List<E> events;
        try {
            events = decide(command, loaded);
        } catch (CommandRejected rejected) {
            if (!fromMemory) {
                throw rejected;
            }
            events = null;
        }
        if (!fromMemory || (events != null && !events.isEmpty())) {
            return new Decided<>(loaded, events);
        }
        awaitQueued(binding.streamIdOf(command));
        var fresh = load(binding.streamIdOf(command));
        return new Decided<>(fresh, decide(command, fresh));
    }

    private List<E> decide(C command, StreamState<S> state) {
        return Objects.requireNonNull(binding.decider().decide(command, state.state()),
                "the decider's decide returned null; return List.of() when a command changes nothing");
    }

    /** A queued append of this loop on the stream, until it has settled: what a plain command waits for first. */
    private void awaitQueued(String streamId) {
        var queuedBefore = inFlight.get(streamId);
        if (queuedBefore != null) {
            try {
                queuedBefore.settled().join();
            } catch (CompletionException | CancellationException refused) {
                // refused: the store holds what it holds, which the load reads
            }
        }
    }

    /** The stream's current state, read from the store (and its snapshot): never from the state cache. */
    public StreamState<S> load(String streamId) {
        var loaded = folder.current(Objects.requireNonNull(streamId, "streamId"));
        if (loaded.exists()) {
            // An empty stream is not worth keeping, and it would be stale the moment a first append lands.
            keep(loaded);
        }
        return loaded;
    }

    /** Whether the state cache holds the stream now: what the cache's tests look at. */
    boolean keeps(String streamId) {
        return cache.isPresent() && cache.get().get(streamId).isPresent();
    }

    /**
     * Offers a state to the cache, unless its stream's life is over: nothing more is decided on a terminal stream
     * as a rule, and keeping it would only hold on to it (an order, once shipped) until it is evicted.
     */
    private void keep(StreamState<S> state) {
        if (cache.isEmpty()) {
            return;
        }
        if (binding.decider().isTerminal(state.state())) {
            cache.get().forget(state.streamId());
        } else {
            cache.get().offer(state);
        }
    }

    /** The cached state, once this loop's queued append on the stream (if any) has settled. */
    private Optional<StreamState<S>> cached(String streamId) {
        awaitQueued(streamId);
        return cache.isPresent() ? cache.get().get(streamId) : Optional.empty();
    }

    private S evolveAll(StreamState<S> loaded, List<E> events) {
        var decider = binding.decider();
        S state = loaded.state();
        long version = loaded.version();
        for (E event : events) {
            Objects.requireNonNull(event, "the decider's decide returned a null event");
            if (decider.isTerminal(state)) {
                throw new StreamTerminated(loaded.streamId(), version);
            }
            state = Objects.requireNonNull(decider.evolve(state, event), "the decider's evolve returned null");
            version++;
        }
        return state;
    }

    /**
     * Each event gets the context's metadata. Under a context with no correlation yet (a root), the command's
     * first event is minted an id here, so that all its events share it as their correlation and causation
     * rather than each starting a conversation of its own. Under a context caused by a stored event, each event's
     * id is derived from that cause, the stream and the event's place in it ({@link DerivedCommandIds}): a store
     * that runs the same request again at the same place (another store of the same service, fed the same facts)
     * writes the same ids, which every importer of them skips, instead of new facts that contradict the first.
     */
    private List<NewEvent> encode(List<E> events, MessageContext context, StreamState<S> loaded) {
        Map<String, String> shared = context.metadata();
        if (events.size() == 1 && shared.isEmpty()) {
            // A lone root event is its own correlation and causation, which is what the store stamps on an event
            // without metadata; leaving it empty takes the store's cheaper path.
            EncodedEvent e = Objects.requireNonNull(binding.codec().encode(events.getFirst()),
                    "the codec encoded an event to null");
            return List.of(NewEvent.of(e.type(), e.data()));
        }
        var derived = context.causationId().flatMap(cause -> DerivedCommandIds.of(cause, loaded.streamId(),
                loaded.version()));
        var encoded = new ArrayList<EncodedEvent>(events.size());
        for (E event : events) {
            encoded.add(Objects.requireNonNull(binding.codec().encode(event), "the codec encoded an event to null"));
        }
        String firstId = null;
        if (context.correlationId().isEmpty()) {
            firstId = derived.map(ids -> ids.id(0, encoded.getFirst().type()))
                    .orElseGet(() -> UuidV7.next(config.clock()).toString());
            shared.put(Metadata.CORRELATION_ID, firstId);
            shared.putIfAbsent(Metadata.CAUSATION_ID, firstId);
        }
        var stamped = new ArrayList<NewEvent>(encoded.size());
        for (EncodedEvent e : encoded) {
            Map<String, String> metadata = shared;
            if (firstId != null && stamped.isEmpty()) {
                metadata = new HashMap<>(shared);
                metadata.put(Metadata.EVENT_ID, firstId);
            } else if (derived.isPresent()) {
                metadata = new HashMap<>(shared);
                metadata.put(Metadata.EVENT_ID, derived.get().id(stamped.size(), e.type()));
            }
            stamped.add(new NewEvent(e.type(), e.data(), metadata));
        }
        return stamped;
    }

    /** Waits before the next try, or, when {@code attempt} was the last one, throws the conflict it met. */
    private void retryOrThrow(RetryPolicy retry, int attempt, ConcurrencyConflict conflict) {
        if (attempt >= retry.maxAttempts()) {
            throw conflict;
        }
        try {
            config.sleeper().sleep(retry.backoff(attempt, ThreadLocalRandom.current().nextDouble()));
        } catch (InterruptedException e) {
            // The caller wants this thread back: the conflict it met is the truthful answer, nothing was written.
            Thread.currentThread().interrupt();
            conflict.addSuppressed(e);
            throw conflict;
        }
    }

    private SnapshotOutcome snapshotAfter(StreamState<S> before, StreamState<S> after) {
        if (snapshots.isEmpty() || !snapshots.get().policy().isDue(before.version() + 1, after.version() + 1)) {
            return SnapshotOutcome.NOT_DUE;
        }
        try {
            snapshots.get().save(after);
            return new SnapshotOutcome.Written(after.version());
        } catch (RuntimeException e) {
            return new SnapshotOutcome.Failed(after.version(), e);
        }
    }
}
