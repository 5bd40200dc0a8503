package dev.chorus.json.internal;

import dev.chorus.core.EventType;
import dev.chorus.core.ValidationError;
import dev.chorus.json.Upcaster;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The validated mapping between records and stable type names, built once. Everything that can be wrong with
 * the registrations is found here, when the service starts, rather than when the first odd event is read.
 */
public final class EventRegistry<E> {
    /** What a builder was told, before it is checked as a whole. */
    public record Declared<E>(Class<? extends E> type, EventType current) {}

    public record DeclaredUpcaster(String name, int fromVersion, Upcaster step) {}

    private final Map<String, Registration<E>> byName;
    private final Map<Class<?>, Registration<E>> byClass;

    private EventRegistry(Map<String, Registration<E>> byName) {
        this.byName = Map.copyOf(byName);
        this.byClass = byName.values().stream().collect(Collectors.toUnmodifiableMap(Registration::type, r -> r));
    }

    public static <E> EventRegistry<E> of(Class<E> baseType, List<Declared<E>> declared,
                                          List<DeclaredUpcaster> upcasters) {
        if (declared.isEmpty()) {
            throw new ValidationError("register", "a codec for " + describe(baseType)
                    + " needs at least one registered record: builder.register(SomeEvent.class, \"SomeEvent\", 1)");
        }
        requireEveryPermittedRecord(baseType, declared);
        var stepsByName = new HashMap<String, TreeMap<Integer, Upcaster>>();
        for (var upcaster : upcasters) {
            stepsByName.computeIfAbsent(upcaster.name(), name -> new TreeMap<>())
                    .put(upcaster.fromVersion(), upcaster.step());
        }
        var byName = new LinkedHashMap<String, Registration<E>>();
        for (var registration : declared) {
            var steps = stepsByName.remove(registration.current().name());
            byName.put(registration.current().name(), chain(registration, steps == null ? new TreeMap<>() : steps));
        }
        if (!stepsByName.isEmpty()) {
            throw new ValidationError("upcast", "upcasters are registered for " + new TreeMap<>(stepsByName).keySet()
                    + ", which no record is registered as; an upcaster leads to a registered type's current version");
        }
        return new EventRegistry<>(byName);
    }

    public Optional<Registration<E>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Registration<E>> byClass(Class<?> type) {
        return Optional.ofNullable(byClass.get(type));
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** Steps must run from the oldest version without a gap to the current one, which itself needs none. */
    private static <E> Registration<E> chain(Declared<E> declared, TreeMap<Integer, Upcaster> steps) {
        var current = declared.current();
        if (steps.isEmpty()) {
            return new Registration<>(declared.type(), current, current.version(), List.of());
        }
        int newest = steps.lastKey();
        if (newest >= current.version()) {
            throw new ValidationError("upcast", "an upcaster from " + current.name() + "/v" + newest + " reaches past "
                    + current + ", the version " + describe(declared.type()) + " is registered with; register the"
                    + " record with its new version first (events are written at the registered version)");
        }
        int oldest = steps.firstKey();
        var missing = new ArrayList<String>();
        for (int from = oldest; from < current.version(); from++) {
            if (!steps.containsKey(from)) {
                missing.add("v" + from + "→v" + (from + 1));
            }
        }
        if (!missing.isEmpty()) {
            throw new ValidationError("upcast", "the upcasters of " + current.name() + " must chain from v" + oldest
                    + " to the current v" + current.version() + " without a gap; missing " + String.join(", ", missing));
        }
        return new Registration<>(declared.type(), current, oldest, List.copyOf(steps.values()));
    }

    private static <E> void requireEveryPermittedRecord(Class<E> baseType, List<Declared<E>> declared) {
        Set<Class<?>> registered = declared.stream().map(d -> (Class<?>) d.type()).collect(Collectors.toSet());
        var missing = new ArrayList<Class<?>>();
        collectUnregisteredLeaves(baseType, registered, missing);
        if (!missing.isEmpty()) {
            throw new ValidationError("register", describe(baseType) + " permits "
                    + missing.stream().map(EventRegistry::describe).collect(Collectors.joining(", "))
                    + ", not registered; register every event record with a stable name and version, so that no"
                    + " event can be decided that cannot be written");
        }
    }

    /**
     * Walks a sealed hierarchy down to its concrete classes. A non-sealed branch is open to classes we cannot
     * list without scanning the classpath, which we never do; its records are checked when they are encoded.
     */
    private static void collectUnregisteredLeaves(Class<?> type, Set<Class<?>> registered, List<Class<?>> missing) {
        if (type.isSealed()) {
            for (var permitted : type.getPermittedSubclasses()) {
                collectUnregisteredLeaves(permitted, registered, missing);
            }
        } else if ((type.isRecord() || Modifier.isFinal(type.getModifiers())) && !registered.contains(type)) {
            missing.add(type);
        }
    }

    /** {@code OrderEvent.OrderPlaced} rather than a package-qualified binary name. */
    public static String describe(Class<?> type) {
        var name = type.getName();
        var simple = name.substring(name.lastIndexOf('.') + 1);
        return simple.replace('$', '.');
    }
}
