package dev.chorus.core.handler.internal;

import dev.chorus.core.handler.BadHandlerMethod;
import dev.chorus.core.handler.EventHandler;
import dev.chorus.core.handler.HandlerContext;
import dev.chorus.core.handler.HandlesEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles the {@code @HandlesEvent} methods of one object into an {@link EventHandler}: read once, checked
 * once, then a map from event class to method. No scanning beyond that object's own declared methods.
 */
public final class AnnotatedHandler<E> implements EventHandler<E> {
    private final Object target;
    private final List<Target> targets;
    private final Map<Class<?>, Optional<Target>> byClass = new ConcurrentHashMap<>();

    private record Target(Method method, Class<?> eventType, boolean takesContext) {}

    private AnnotatedHandler(Object target, List<Target> targets) {
        this.target = target;
        this.targets = targets;
    }

    public static <E> EventHandler<E> compile(Class<E> eventType, Object target) {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(target, "target");
        var type = target.getClass();
        var targets = new ArrayList<Target>();
        var seen = new HashMap<Class<?>, Method>();
        // Sorted so that errors and dispatch do not depend on the JVM's method order.
        var methods = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(HandlesEvent.class))
                .sorted(Comparator.comparing(Method::toGenericString)).toList();
        for (Method method : methods) {
            var handled = check(type, eventType, method);
            var earlier = seen.putIfAbsent(handled.eventType(), method);
            if (earlier != null) {
                throw new BadHandlerMethod(type, method.getName(), "handles " + handled.eventType().getSimpleName()
                        + ", as " + earlier.getName() + " already does; keep one method per event type");
            }
            targets.add(handled);
        }
        if (targets.isEmpty()) {
            throw new BadHandlerMethod(type, "", "has no @HandlesEvent method; annotate methods taking ("
                    + eventType.getSimpleName() + " or a subtype[, HandlerContext]) declared by this class");
        }
        var handler = new AnnotatedHandler<E>(target, List.copyOf(targets));
        handler.checkSealedLeaves(type, eventType);
        return handler;
    }

    private static Target check(Class<?> type, Class<?> eventType, Method method) {
        String name = method.getName();
        if (Modifier.isStatic(method.getModifiers())) {
            throw new BadHandlerMethod(type, name, "is static; @HandlesEvent methods belong to the registered object");
        }
        if (method.getReturnType() != void.class) {
            throw new BadHandlerMethod(type, name, "returns " + method.getReturnType().getSimpleName()
                    + "; a handler returns void and writes through its HandlerContext");
        }
        var params = method.getParameterTypes();
        if (params.length < 1 || params.length > 2) {
            throw new BadHandlerMethod(type, name, "takes " + params.length + " parameters; take (" 
                    + eventType.getSimpleName() + ") or (" + eventType.getSimpleName() + ", HandlerContext)");
        }
        if (!eventType.isAssignableFrom(params[0])) {
            throw new BadHandlerMethod(type, name, "takes " + params[0].getName() + " first, which is not "
                    + eventType.getName() + " or a subtype, so the codec never decodes one");
        }
        if (params.length == 2 && params[1] != HandlerContext.class) {
            throw new BadHandlerMethod(type, name, "takes " + params[1].getName()
                    + " second; the only second parameter a handler takes is HandlerContext");
        }
        if (!method.trySetAccessible()) {
            throw new BadHandlerMethod(type, name, "cannot be called from Chorus; make it public, or open its package"
                    + " to the dev.chorus.core module");
        }
        return new Target(method, params[0], params.length == 2);
    }

    /** With a sealed event type every concrete type is known, so an ambiguous one is reported now. */
    private void checkSealedLeaves(Class<?> type, Class<?> eventType) {
        if (!eventType.isSealed()) {
            return;
        }
        var pending = new ArrayDeque<Class<?>>(List.of(eventType));
        while (!pending.isEmpty()) {
            var next = pending.pop();
            if (next.isSealed()) {
                pending.addAll(Arrays.asList(next.getPermittedSubclasses()));
            } else {
                resolve(type, next);
            }
        }
    }

    @Override
    public void handle(E event, HandlerContext context) throws Exception {
        var chosen = byClass.computeIfAbsent(event.getClass(), c -> resolve(target.getClass(), c));
        if (chosen.isEmpty()) {
            return;
        }
        var found = chosen.get();
        try {
            if (found.takesContext()) {
                found.method().invoke(target, event, context);
            } else {
                found.method().invoke(target, event);
            }
        } catch (InvocationTargetException e) {
            // The handler's own exception, not the reflective wrapper, is what the retry policy classifies.
            var cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The method whose parameter type is the most specific match for {@code eventClass}, if any. */
    private Optional<Target> resolve(Class<?> type, Class<?> eventClass) {
        var matching = targets.stream().filter(t -> t.eventType().isAssignableFrom(eventClass)).toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        var mostSpecific = matching.stream()
                .filter(candidate -> matching.stream().allMatch(other -> other.eventType().isAssignableFrom(candidate.eventType())))
                .findFirst();
        if (mostSpecific.isEmpty()) {
            throw new BadHandlerMethod(type, "", eventClass.getName() + " matches "
                    + matching.stream().map(t -> t.method().getName()).toList()
                    + " and none is more specific; add a method for " + eventClass.getSimpleName());
        }
        return mostSpecific;
    }
}
