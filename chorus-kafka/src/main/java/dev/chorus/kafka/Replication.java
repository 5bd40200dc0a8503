package dev.chorus.kafka;

import dev.chorus.core.ValidationError;
import java.util.Optional;

/**
 * How many copies of a topic Chorus asks for when it creates one (a topic that exists is left as it is): the
 * cluster's own {@code default.replication.factor}, the default, so that a production cluster configured for three
 * copies gets three without a Chorus setting; or a number of its own.
 */
public sealed interface Replication {
    /** The broker's {@code default.replication.factor} (1 on a single-node development broker). */
    record BrokerDefault() implements Replication {}

    /** Exactly {@code replicas} copies: 1 to {@link Short#MAX_VALUE}, and no more than the cluster has brokers. */
    record Factor(short replicas) implements Replication {
        public Factor {
            if (replicas < 1) {
                throw new ValidationError("replicationFactor", "the replication factor is at least 1; got " + replicas);
            }
        }
    }

    Replication BROKER_DEFAULT = new BrokerDefault();

    /** {@code replicas} copies, checked as {@link Factor} checks them, and no more than a {@code short} holds. */
    static Replication factor(int replicas) {
        if (replicas < 1 || replicas > Short.MAX_VALUE) {
            throw new ValidationError("replicationFactor", "the replication factor is between 1 and "
                    + Short.MAX_VALUE + "; got " + replicas);
        }
        return new Factor((short) replicas);
    }

    /** As the admin API's {@code NewTopic} takes it: empty for the broker's default. */
    default Optional<Short> forNewTopic() {
        return switch (this) {
            case BrokerDefault ignored -> Optional.empty();
            case Factor factor -> Optional.of(factor.replicas());
        };
    }
}
