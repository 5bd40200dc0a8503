package dev.chorus.core.decider;

import dev.chorus.core.codec.EventCodec;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A decider bound to storage: how its events become stored events and back, which stream a command is
 * about, and (optionally) how its state is snapshotted. The decider itself stays free of all three.
 *
 * <pre>{@code
 * var accounts = DeciderBinding.of(new AccountDecider(), accountEvents, (AccountCommand c) -> "account-" + c.id())
 *         .withSnapshots(SnapshotPolicy.every("account", 100, accountStateCodec, 1));
 * }</pre>
 */
public record DeciderBinding<C, S, E>(Decider<C, S, E> decider, EventCodec<E> codec, Function<C, String> streamIdOf,
                                      Optional<SnapshotPolicy<S>> snapshots) {
    public DeciderBinding {
        Objects.requireNonNull(decider, "decider");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(streamIdOf, "streamIdOf");
        Objects.requireNonNull(snapshots, "snapshots");
    }

    public static <C, S, E> DeciderBinding<C, S, E> of(Decider<C, S, E> decider, EventCodec<E> codec,
                                                       Function<C, String> streamIdOf) {
        return new DeciderBinding<>(decider, codec, streamIdOf, Optional.empty());
    }

    public DeciderBinding<C, S, E> withSnapshots(SnapshotPolicy<S> policy) {
        return new DeciderBinding<>(decider, codec, streamIdOf, Optional.of(policy));
    }

    public DeciderBinding<C, S, E> withoutSnapshots() {
        return new DeciderBinding<>(decider, codec, streamIdOf, Optional.empty());
    }

    /** The stream {@code command} is about. */
    public String streamIdOf(C command) {
        return Objects.requireNonNull(streamIdOf.apply(Objects.requireNonNull(command, "command")),
                "the binding's streamIdOf returned null");
    }
}
