package dev.chorus.core;

import java.util.Objects;
import java.util.Set;

/** Which events a subscription delivers. Positions skipped by a filter are never delivered. */
public sealed interface SubscriptionFilter {
    boolean test(RecordedEvent event);

    record All() implements SubscriptionFilter {
        @Override
        public boolean test(RecordedEvent event) {
            return true;
        }
    }

    record StreamPrefix(String prefix) implements SubscriptionFilter {
        public StreamPrefix {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public boolean test(RecordedEvent event) {
            return event.streamId().startsWith(prefix);
        }
    }

    record TypeNames(Set<String> names) implements SubscriptionFilter {
        public TypeNames {
            names = Set.copyOf(names);
        }

        @Override
        public boolean test(RecordedEvent event) {
            return names.contains(event.type().name());
        }
    }

    static SubscriptionFilter all() {
        return new All();
    }

    static SubscriptionFilter streamPrefix(String prefix) {
        return new StreamPrefix(prefix);
    }

    static SubscriptionFilter typeNames(String... names) {
        return new TypeNames(Set.of(names));
    }
}
