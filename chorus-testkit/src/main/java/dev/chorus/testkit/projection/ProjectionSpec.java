package dev.chorus.testkit.projection;

import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.Metadata;
import dev.chorus.core.NewEvent;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.codec.Codec;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.projection.Projection;
import dev.chorus.core.projection.ProjectionConfig;
import dev.chorus.core.projection.ProjectionFailed;
import dev.chorus.core.projection.ProjectionRunner;
import dev.chorus.core.projection.ReadModelView;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A projection's rules as sentences: given these events, then the read model holds these rows.
 *
 * <pre>{@code
 * ProjectionSpec.of(new OrderTotals())
 *         .given(new OrderPlaced("o-1", 30), new OrderPlaced("o-2", 12))
 *         .thenRow("total", LONG, 42L);
 *
 * ProjectionSpec.of(new OrderTotals())
 *         .given(new OrderPlaced("o-1", -5))
 *         .thenFails(failure -> assertThat(failure.position()).isZero());
 * }</pre>
 *
 * <p>It runs the real thing: the events are appended to an in-memory event store and the projection follows it
 * with a {@link ProjectionRunner}, committing after every event, into an in-memory state store. It also checks what
 * a reader of the rows cannot see: a replay of the same events from zero, in one batch, must give the same rows. A
 * projection that keeps state in fields, reads the wall clock or depends on batch boundaries fails that check,
 * because a rebuild or a crash would give it a different read model.
 */
public final class ProjectionSpec<E> {
    /** Only a failing spec waits this long. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String DEFAULT_STREAM = "spec-stream";

    private final Projection<E> projection;
    private final boolean replayCheck;

    private ProjectionSpec(Projection<E> projection, boolean replayCheck) {
        this.projection = Objects.requireNonNull(projection, "projection");
        this.replayCheck = replayCheck;
    }

    public static <E> ProjectionSpec<E> of(Projection<E> projection) {
        return new ProjectionSpec<>(projection, true);
    }

    /** The same spec without the replay check, for a projection that is knowingly not replayable. */
    public ProjectionSpec<E> withoutReplayCheck() {
        return new ProjectionSpec<>(projection, false);
    }

    /** Events of the projection's own model, appended in this order to one stream. */
    @SafeVarargs
    public final Given given(E... events) {
        // Element by element: handing the array itself on is what javac warns could pollute the heap.
        var list = new ArrayList<E>(events.length);
        for (E event : events) {
            list.add(event);
        }
        return given(list);
    }

    public Given given(List<? extends E> events) {
        return new Given(List.of()).andIn(DEFAULT_STREAM, events);
    }

    /** No events at all: the read model a fresh projection starts from. */
    public Given givenNothing() {
        return new Given(List.of());
    }

    /** The log so far. Nothing runs until a {@code then}. */
    public final class Given {
        private final List<Appended> log;

        private Given(List<Appended> log) {
            this.log = log;
        }

        /** More events of the projection's model, appended to {@code streamId}. */
        @SafeVarargs
        public final Given andIn(String streamId, E... events) {
            var list = new ArrayList<E>(events.length);
            for (E event : events) {
                list.add(event);
            }
            return andIn(streamId, list);
        }

        public Given andIn(String streamId, List<? extends E> events) {
            Objects.requireNonNull(streamId, "streamId");
            var more = new ArrayList<>(log);
            for (E event : Objects.requireNonNull(events, "events")) {
                var encoded = projection.codec().encode(Objects.requireNonNull(event, "event"));
                more.add(new Appended(streamId, NewEvent.of(encoded.type(), encoded.data()), event.toString()));
            }
            return new Given(List.copyOf(more));
        }

        /** Stored events as they are, of any type: of other services, of types the codec skips, or garbled. */
        public Given andStored(String streamId, NewEvent... events) {
            var more = new ArrayList<>(log);
            for (NewEvent event : events) {
                more.add(new Appended(streamId, Objects.requireNonNull(event, "event"), event.toString()));
            }
            return new Given(List.copyOf(more));
        }

        /** Asserts the projection applies every event, then hands its read model to {@code checks}. */
        public void then(Consumer<ReadModelView> checks) {
            Objects.requireNonNull(checks, "checks");
            var run = applied();
            try {
                checks.accept(run.view());
            } catch (AssertionError e) {
                throw new AssertionError(sentence() + "\n" + e.getMessage() + "\nthe read model:\n"
                        + Rows.describe(run.rows()), e);
            }
        }

        /** Asserts the row {@code key} holds {@code expected}, decoded with {@code codec}. */
        public <T> void thenRow(String key, Codec<T> codec, T expected) {
            var run = applied();
            var actual = run.view().get(key);
            if (actual.isEmpty()) {
                throw new AssertionError(sentence() + "\nexpected row " + key + " = " + expected
                        + "\nbut there is no such row; the read model:\n" + Rows.describe(run.rows()));
            }
            T decoded = codec.decode(actual.get());
            if (!Objects.equals(decoded, expected)) {
                throw new AssertionError(sentence() + "\nexpected row " + key + " = " + expected + "\nbut it is    "
                        + decoded);
            }
        }

        /** Asserts the row {@code key} does not exist. */
        public void thenNoRow(String key) {
            var run = applied();
            if (run.view().get(key).isPresent()) {
                throw new AssertionError(sentence() + "\nexpected no row " + key + "\nbut the read model is:\n"
                        + Rows.describe(run.rows()));
            }
        }

        /** Asserts the rows under {@code prefix} are exactly {@code expected} (key to value), no more, no fewer. */
        public <T> void thenRows(String prefix, Codec<T> codec, Map<String, T> expected) {
            var run = applied();
            var actual = new LinkedHashMap<String, T>();
            run.rows().forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    actual.put(key, codec.decode(value));
                }
            });
            if (!actual.equals(expected)) {
                throw new AssertionError(sentence() + "\nexpected the rows under \"" + prefix + "\" to be "
                        + new TreeMap<>(expected) + "\nbut they are                  " + actual);
            }
        }

        /** Asserts the rows of the whole read model, as raw bytes, are exactly {@code expected}. */
        public void thenRows(Map<String, byte[]> expected) {
            var run = applied();
            if (!Rows.same(run.rows(), expected)) {
                throw new AssertionError(sentence() + "\nexpected the read model:\n"
                        + Rows.describe(new TreeMap<>(expected)) + "\nbut it is:\n" + Rows.describe(run.rows()));
            }
        }

        /** Asserts the projection stops with {@link ProjectionFailed} and hands the failure to {@code checks}. */
        public void thenFails(Consumer<? super ProjectionFailed> checks) {
            Objects.requireNonNull(checks, "checks");
            var run = run();
            if (run.failure() == null) {
                throw new AssertionError(sentence() + "\nexpected the projection to fail\nbut it applied all "
                        + log.size() + " events; the read model:\n" + Rows.describe(run.rows()));
            }
            checks.accept(run.failure());
        }

        /** The read model after the given events, for checks of your own. */
        public SortedMap<String, byte[]> rows() {
            return applied().rows();
        }

        private Run applied() {
            var run = run();
            if (run.failure() != null) {
                throw new AssertionError(sentence() + "\nexpected the projection to apply every event\nbut it failed: "
                        + run.failure().getMessage(), run.failure());
            }
            if (replayCheck) {
                var replayed = replay();
                if (!Rows.same(run.rows(), replayed)) {
                    throw new AssertionError(sentence() + "\nthe projection is not replayable: applying the events"
                            + " one commit at a time and replaying them from zero in one batch give different rows."
                            + "\nKeep its state in the read model (not in fields, clocks or random numbers), or a"
                            + " rebuild or a crash will change the read model.\none at a time:\n"
                            + Rows.describe(run.rows()) + "\nreplayed:\n" + Rows.describe(replayed));
                }
            }
            return run;
        }

        /** Appends the events and lets a runner follow them live, committing after each. */
        private Run run() {
            var clock = MutableClock.at(StoreFixture.START);
            var events = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
            var state = new InMemoryStateStore();
            append(events, clock);
            var runner = ProjectionRunner.create(events, state, projection, ProjectionConfig.of(c -> c.batchSize = 1));
            ProjectionFailed failure = null;
            try {
                runner.start();
                if (events.headPosition() > 0) {
                    runner.awaitPosition(events.headPosition() - 1, PATIENCE);
                }
            } catch (ProjectionFailed failed) {
                failure = failed;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the projection ran", e);
            } finally {
                runner.close();
                events.close();
            }
            return new Run(runner.view(), Rows.all(runner.view()), failure);
        }

        private SortedMap<String, byte[]> replay() {
            var clock = MutableClock.at(StoreFixture.START);
            try (var events = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
                 var state = new InMemoryStateStore();
                 var runner = ProjectionRunner.create(events, state, projection,
                         ProjectionConfig.of(c -> c.batchSize = ProjectionConfig.MAX_BATCH_SIZE))) {
                append(events, clock);
                return Rows.all(runner.stateAt(events.headPosition()));
            } catch (ProjectionFailed failed) {
                throw new AssertionError(sentence() + "\nthe projection is not replayable: it applied every event"
                        + " one commit at a time, but replaying them from zero failed: " + failed.getMessage(), failed);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the projection replayed", e);
            }
        }

        /** The same events, ids and times each run, so that both runs see identical input. */
        private void append(InMemoryEventStore events, MutableClock clock) {
            int n = 0;
            for (Appended appended : log) {
                var id = new UUID(0x0000_0000_0000_7000L, 0x8000_0000_0000_0000L | n++).toString();
                events.append(appended.streamId(), ExpectedVersion.any(),
                        appended.event().withMetadata(Map.of(Metadata.EVENT_ID, id)));
                clock.advance(Duration.ofMillis(1));
            }
        }

        private String sentence() {
            var text = new StringBuilder("projection ").append(projection.name()).append(", given ");
            if (log.isEmpty()) {
                return text.append("no events").toString();
            }
            for (int i = 0; i < log.size(); i++) {
                text.append(i == 0 ? "" : ", ").append('#').append(i).append(' ').append(log.get(i).label());
            }
            return text.toString();
        }
    }

    private record Appended(String streamId, NewEvent event, String label) {}

    private record Run(ReadModelView view, SortedMap<String, byte[]> rows, @Nullable ProjectionFailed failure) {}

    /** Whole read models, compared and shown. */
    static final class Rows {
        private static final int PAGE = 500;

        private Rows() {}

        static SortedMap<String, byte[]> all(ReadModelView view) {
            var rows = new TreeMap<String, byte[]>(InMemoryStateStore.KEY_ORDER);
            String after = "";
            while (true) {
                var page = view.scan("", after, PAGE);
                page.forEach(entry -> rows.put(entry.key(), entry.value()));
                if (page.size() < PAGE) {
                    return rows;
                }
                after = page.getLast().key();
            }
        }

        static boolean same(Map<String, byte[]> a, Map<String, byte[]> b) {
            if (!a.keySet().equals(b.keySet())) {
                return false;
            }
            return a.entrySet().stream().allMatch(entry -> Arrays.equals(entry.getValue(), b.get(entry.getKey())));
        }

        static String describe(SortedMap<String, byte[]> rows) {
            if (rows.isEmpty()) {
                return "  (no rows)";
            }
            var text = new StringBuilder();
            rows.forEach((key, value) -> text.append("  ").append(key).append(" = ").append(show(value)).append('\n'));
            return text.toString().stripTrailing();
        }

        /** UTF-8 text when it is printable, otherwise hex. */
        static String show(byte[] value) {
            var text = new String(value, StandardCharsets.UTF_8);
            boolean printable = text.codePoints().allMatch(c -> c >= 0x20 && c != 0x7F && c != 0xFFFD);
            if (printable) {
                return "\"" + text + "\"";
            }
            var hex = new StringBuilder("0x");
            for (byte b : value) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
    }
}
