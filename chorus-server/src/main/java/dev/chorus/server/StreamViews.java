package dev.chorus.server;

import dev.chorus.core.ValidationError;
import dev.chorus.core.decider.DeciderBinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which decider folds which streams, for {@code GET /api/streams/{id}}: the application registers one
 * {@link StreamView} per stream-id prefix ({@code "order-"}); a stream id is shown by the view with the longest
 * prefix it starts with. Immutable: {@link #with} returns a new registry.
 */
public final class StreamViews {
    private static final StreamViews EMPTY = new StreamViews(List.of());

    private final List<StreamView<?>> views;

    private StreamViews(List<StreamView<?>> views) {
        var sorted = new ArrayList<>(views);
        sorted.sort(Comparator.comparingInt((StreamView<?> view) -> view.prefix().length()).reversed());
        this.views = List.copyOf(sorted);
    }

    public static StreamViews empty() {
        return EMPTY;
    }

    /** Adds a view; the state goes out as Jackson writes it. */
    public <S> StreamViews with(String prefix, DeciderBinding<?, S, ?> binding) {
        return with(new StreamView<S>(prefix, binding, state -> state));
    }

    public <S> StreamViews with(String prefix, DeciderBinding<?, S, ?> binding, Function<? super S, ?> toJson) {
        return with(new StreamView<>(prefix, binding, toJson));
    }

    /** @throws ValidationError a view with the same prefix is registered already */
    public StreamViews with(StreamView<?> view) {
        for (var existing : views) {
            if (existing.prefix().equals(view.prefix())) {
                throw new ValidationError("prefix", "a stream view for prefix \"" + view.prefix()
                        + "\" is registered already; register each prefix once");
            }
        }
        var more = new ArrayList<StreamView<?>>(views);
        more.add(view);
        return new StreamViews(more);
    }

    /** The view with the longest prefix {@code streamId} starts with. */
    public Optional<StreamView<?>> find(String streamId) {
        return views.stream().filter(view -> streamId.startsWith(view.prefix())).findFirst();
    }

    public List<String> prefixes() {
        return views.stream().map(StreamView::prefix).sorted().toList();
    }
}
