package dev.chorus.json;

import dev.chorus.core.EventType;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.ValidationError;
import dev.chorus.core.codec.CodecFailure;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.codec.UnknownEventType;
import dev.chorus.json.internal.EventRegistry;
import dev.chorus.json.internal.Registration;
import dev.chorus.json.internal.StrictJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encodes the events of one family (usually a sealed interface of records) as JSON under stable type names,
 * and decodes stored events into today's records, upcasting older versions on the way. Built once, from
 * explicit registrations; immutable and safe to share between threads.
 *
 * <pre>{@code
 * var codec = JsonEventCodec.builder(OrderEvent.class)
 *         .register(OrderPlaced.class, "OrderPlaced", 3)
 *         .register(OrderCancelled.class, "OrderCancelled", 1)
 *         .upcast("OrderPlaced", 1, tree -> tree.put("currency", "EUR"))
 *         .upcast("OrderPlaced", 2, (tree, stored) -> tree.put("placedAt", stored.recordedAt().toString()))
 *         .build();
 * }</pre>
 */
public final class JsonEventCodec<E> implements EventCodec<E> {
    private final EventRegistry<E> registry;
    private final JsonMapper mapper;
    /** Per record, a reader and a writer resolved once: the mapper would look the type up on every call. */
    private final Map<Class<?>, ObjectReader> readers;
    private final Map<Class<?>, ObjectWriter> writers;

    private JsonEventCodec(EventRegistry<E> registry) {
        this.registry = registry;
        this.mapper = StrictJson.mapper();
        var types = registry.names().stream().map(name -> registry.byName(name).orElseThrow().type())
                .collect(Collectors.toSet());
        this.readers = types.stream().collect(Collectors.toUnmodifiableMap(type -> type, mapper::readerFor));
        this.writers = types.stream().collect(Collectors.toUnmodifiableMap(type -> type, mapper::writerFor));
    }

    /** Starts a codec for the events that are (or implement) {@code baseType}. */
    public static <E> Builder<E> builder(Class<E> baseType) {
        return new Builder<>(baseType);
    }

    /** Writes the event as JSON under its registered name, at the registered (current) version. */
    @Override
    public EncodedEvent encode(E event) {
        Objects.requireNonNull(event, "event");
        var registration = registry.byClass(event.getClass())
                .orElseThrow(() -> new UnregisteredEventClass(event.getClass()));
        try {
            return new EncodedEvent(registration.current(), writers.get(registration.type()).writeValueAsBytes(event));
        } catch (JacksonException e) {
            throw new CodecFailure(registration.current().name(), "cannot write "
                    + EventRegistry.describe(event.getClass()) + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a stored event as today's record.
     *
     * @throws UnknownEventType       no record is registered under the stored name
     * @throws FutureEventVersion     the stored version is newer than the registered one
     * @throws MissingUpcaster        the stored version is older than any upcaster chain reaches
     * @throws CodecFailure           the bytes are not JSON of the record, or an upcaster failed
     */
    @Override
    public E decode(RecordedEvent event) {
        Objects.requireNonNull(event, "event");
        var stored = event.type();
        var registration = registry.byName(stored.name())
                .orElseThrow(() -> new UnknownEventType(stored, event.position()));
        int current = registration.current().version();
        if (stored.version() > current) {
            throw new FutureEventVersion(stored, event.position(), current);
        }
        if (stored.version() < registration.oldestReadable()) {
            throw new MissingUpcaster(stored, event.position(), registration.oldestReadable(), current);
        }
        try {
            if (stored.version() == current) {
                E decoded = readers.get(registration.type()).readValue(event.data());
                if (decoded == null) {
                    throw notAnObject(event, "null");
                }
                return decoded;
            }
            return mapper.treeToValue(upcast(registration, event), registration.type());
        } catch (JacksonException e) {
            throw new CodecFailure(stored.name(), "stored event " + stored + " at position " + event.position()
                    + " does not read as " + EventRegistry.describe(registration.type()) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode upcast(Registration<E> registration, RecordedEvent event) {
        var stored = event.type();
        var root = mapper.readTree(event.data());
        if (!(root instanceof ObjectNode tree)) {
            throw notAnObject(event, root.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        for (int version = stored.version(); version < registration.current().version(); version++) {
            try {
                tree = Objects.requireNonNull(registration.stepFrom(version).upcast(tree, event),
                        "the upcaster returned null instead of a tree");
            } catch (RuntimeException e) {
                throw new CodecFailure(stored.name(), "the upcaster from " + stored.name() + "/v" + version + " to v"
                        + (version + 1) + " failed on the event at position " + event.position() + ": " + e, e);
            }
        }
        return tree;
    }

    private static CodecFailure notAnObject(RecordedEvent event, String found) {
        var message = "stored event " + event.type() + " at position " + event.position() + " holds JSON " + found
                + ", not an object";
        // CodecFailure takes a cause, and null is not one in this @NullMarked code.
        return new CodecFailure(event.type().name(), message, new IllegalArgumentException(message));
    }

    /** Whether a record is registered under this name (at some version). Subscribers may skip the others. */
    @Override
    public boolean knows(String typeName) {
        return registry.byName(typeName).isPresent();
    }

    /** Whether {@link #decode} can read this exact name and version: known, not newer, and reachable by upcasters. */
    public boolean canDecode(EventType type) {
        return registry.byName(type.name())
                .filter(r -> type.version() >= r.oldestReadable() && type.version() <= r.current().version())
                .isPresent();
    }

    /** The name and version a record of this class is written as. */
    public EventType typeOf(Class<? extends E> type) {
        return registry.byClass(type).orElseThrow(() -> new UnregisteredEventClass(type)).current();
    }

    /** Every registered name: e.g. {@code SubscriptionFilter.TypeNames} for a subscriber that reads only these. */
    public Set<String> typeNames() {
        return registry.names();
    }

    /**
     * Collects registrations; {@link #build} checks them as a whole. Not thread-safe; use it once.
     */
    public static final class Builder<E> {
        private final Class<E> baseType;
        private final List<EventRegistry.Declared<E>> declared = new ArrayList<>();
        private final List<EventRegistry.DeclaredUpcaster> upcasters = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private final Set<Class<?>> classes = new HashSet<>();
        private final Set<String> steps = new HashSet<>();

        private Builder(Class<E> baseType) {
            this.baseType = Objects.requireNonNull(baseType, "baseType");
        }

        /**
         * Registers a record under a stable name at its current schema version. Events are always written at
         * this version; older stored versions are read through upcasters.
         */
        public Builder<E> register(Class<? extends E> type, String name, int version) {
            Objects.requireNonNull(type, "type");
            var eventType = EventType.of(name, version);
            if (!type.isRecord()) {
                throw new ValidationError("register", EventRegistry.describe(type) + " is not a record; events are"
                        + " immutable records, so that what is read back is exactly what was written");
            }
            if (!baseType.isAssignableFrom(type)) {
                throw new ValidationError("register", EventRegistry.describe(type) + " is not a "
                        + EventRegistry.describe(baseType));
            }
            if (!classes.add(type)) {
                throw new ValidationError("register", EventRegistry.describe(type) + " is registered twice");
            }
            if (!names.add(name)) {
                throw new ValidationError("register", "the name \"" + name + "\" is registered twice (again for "
                        + EventRegistry.describe(type) + "); one name, one record");
            }
            declared.add(new EventRegistry.Declared<>(type, eventType));
            return this;
        }

        /** Adds the step that turns version {@code fromVersion} of {@code name} into the next version. */
        public Builder<E> upcast(String name, int fromVersion, UnaryOperator<ObjectNode> step) {
            Objects.requireNonNull(step, "step");
            return upcast(name, fromVersion, (tree, stored) -> step.apply(tree));
        }

        /** As {@link #upcast(String, int, UnaryOperator)}, for a step that needs the stored event (its metadata). */
        public Builder<E> upcast(String name, int fromVersion, Upcaster step) {
            Objects.requireNonNull(step, "step");
            EventType.of(name, fromVersion);
            if (!steps.add(name + "/v" + fromVersion)) {
                throw new ValidationError("upcast", "two upcasters from " + name + "/v" + fromVersion
                        + "; one step per version");
            }
            upcasters.add(new EventRegistry.DeclaredUpcaster(name, fromVersion, step));
            return this;
        }

        /**
         * Checks the registrations as a whole and builds the codec.
         *
         * @throws ValidationError a record of a sealed {@code baseType} is not registered, an upcaster leads to
         *                         no registered name, or a chain has a gap or reaches past the current version
         */
        public JsonEventCodec<E> build() {
            return new JsonEventCodec<>(EventRegistry.of(baseType, declared, upcasters));
        }
    }
}
