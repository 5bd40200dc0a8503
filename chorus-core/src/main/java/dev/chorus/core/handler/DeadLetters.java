package dev.chorus.core.handler;

import dev.chorus.core.ValidationError;
import dev.chorus.core.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The operator's view of the dead letters of every subscriber kind: list, show, retry, discard. A retry
 * re-delivers the original event to the subscriber named in the id and to no other.
 *
 * <p>Subscribers running in this process {@link #register} as the {@link DeadLetterOwner} of their name;
 * retry and discard then run through them at once. For a subscriber that is not running (the CLI works on
 * a stopped service's data directory), they are recorded as {@link DeadLetterStatus.RetryRequested} or
 * {@link DeadLetterStatus.Discarded}, and the subscriber acts on them when it starts.
 */
public final class DeadLetters {
    private final DeadLetterStore store;
    private final Clock clock;
    private final Map<String, DeadLetterOwner> owners = new ConcurrentHashMap<>();

    public DeadLetters(StateStore state, Clock clock) {
        this(new DeadLetterStore(state), clock);
    }

    public DeadLetters(DeadLetterStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public DeadLetterStore store() {
        return store;
    }

    public List<DeadLetter> list(DeadLetterQuery query) {
        return store.list(query);
    }

    /** @throws DeadLetterNotFound when there is none with this id */
    public DeadLetter show(DeadLetterId id) {
        return store.require(id);
    }

    /**
     * Re-delivers the event to its handler only.
     *
     * @return the dead letter afterwards: resolved, open again (failed again), or retry-requested when its
     *         subscriber is not running here or stopped before it was done
     * @throws DeadLetterNotFound no such dead letter
     * @throws DeadLetterClosed   it is already resolved or discarded
     */
    public DeadLetter retry(DeadLetterId id) {
        return act(id, "retry", owner -> owner.retry(id), new DeadLetterStatus.RetryRequested(clock.instant()));
    }

    /**
     * Gives up on the event for good; its subscriber moves past it. The event stays in the log.
     *
     * @throws DeadLetterNotFound no such dead letter
     * @throws DeadLetterClosed   it is already resolved or discarded
     */
    public DeadLetter discard(DeadLetterId id) {
        return act(id, "discard", owner -> owner.discard(id), new DeadLetterStatus.Discarded(clock.instant()));
    }

    /**
     * Deletes the dead letters resolved or discarded more than {@code olderThan} ago (by the clock); pending ones
     * stay. Their subscribers must not be running.
     *
     * @return how many were deleted
     */
    public int purgeClosed(Duration olderThan) {
        if (olderThan.isNegative()) {
            throw new ValidationError("olderThan", "olderThan is 0 or more; got " + olderThan);
        }
        return store.purgeClosed(clock.instant().minus(olderThan));
    }

    /**
     * Routes retries and discards of {@code handler}'s dead letters through {@code owner} until the returned
     * registration is closed. One owner per name: a second registration fails fast.
     *
     * @throws DuplicateSubscriber another owner is registered under this name
     */
    public Registration register(String handler, DeadLetterOwner owner) {
        HandlerNames.validate(handler);
        Objects.requireNonNull(owner, "owner");
        if (owners.putIfAbsent(handler, owner) != null) {
            throw new DuplicateSubscriber(handler);
        }
        return () -> owners.remove(handler, owner);
    }

    /**
     * Has the dead letter's running subscriber carry out {@code action}; when none runs here, or it stopped before
     * it was done, leaves {@code recorded} for its next start, unless the stopped one got it done first.
     */
    private DeadLetter act(DeadLetterId id, String action, Function<DeadLetterOwner, DeadLetter> byOwner,
                           DeadLetterStatus recorded) {
        requirePending(id, action);
        var owner = owners.get(id.handler());
        boolean stopped = false;
        if (owner != null) {
            try {
                return byOwner.apply(owner);
            } catch (SubscriberStopped e) {
                stopped = true;
            }
        }
        // Written only if still pending as read: a subscriber in another process (or the stopped one) may have
        // resolved or discarded it meanwhile, and that outcome stands.
        var changed = store.updatePending(id, letter -> letter.withStatus(recorded));
        if (changed.isPresent()) {
            return changed.get();
        }
        var closed = store.require(id);
        if (stopped) {
            return closed; // the stopped one got it done first
        }
        throw new DeadLetterClosed(id, closed.status(), action);
    }

    private DeadLetter requirePending(DeadLetterId id, String action) {
        var letter = store.require(id);
        if (!letter.status().isPending()) {
            throw new DeadLetterClosed(id, letter.status(), action);
        }
        return letter;
    }

    /** Ends a {@link #register registration}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
