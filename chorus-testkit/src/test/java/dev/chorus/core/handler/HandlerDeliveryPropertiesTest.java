package dev.chorus.core.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chorus.core.EventType;
import dev.chorus.core.ExpectedVersion;
import dev.chorus.core.NewEvent;
import dev.chorus.core.RecordedEvent;
import dev.chorus.core.RetriableException;
import dev.chorus.core.StoreLimits;
import dev.chorus.core.codec.EncodedEvent;
import dev.chorus.core.codec.EventCodec;
import dev.chorus.core.memory.InMemoryEventStore;
import dev.chorus.core.memory.InMemoryStateStore;
import dev.chorus.core.state.Checkpoints;
import dev.chorus.core.state.StateEntry;
import dev.chorus.core.state.StateStore;
import dev.chorus.core.state.StateWrite;
import dev.chorus.testkit.MutableClock;
import dev.chorus.testkit.property.Gen;
import dev.chorus.testkit.property.PropertyCheck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Handlers over random logs, random failure schedules, both ordering modes and a crash at a random commit:
 * once the broken events are fixed and every dead letter retried, each event has been applied exactly once,
 * nothing is left pending or parked, and in park-stream mode each stream was applied in its own order.
 * (Here rather than in chorus-core because the property harness lives in the testkit.)
 */
class HandlerDeliveryPropertiesTest {
    private static final EventType NOTE = EventType.of("test.Note", 1);
    private static final String NAME = "prop";

    /** One event: its stream, how many attempts fail transiently first, whether it fails until fixed. */
    record Planned(int stream, int transientFailures, boolean broken) {}

    record Scenario(List<Planned> events, boolean park, int maxAttempts, int crashAtCommit) {}

    static final class Flaky extends RetriableException {
        Flaky(String message) {
            super(message);
        }
    }

    private static final Gen<Planned> PLANNED = random -> new Planned(random.nextInt(4), random.nextInt(4),
            random.nextInt(5) == 0);
    private static final Gen<Scenario> SCENARIOS = random -> new Scenario(PLANNED.list(1, 25).next(random),
            random.nextBoolean(), 1 + random.nextInt(3), random.nextInt(45));

    private static final EventCodec<Integer> CODEC = new EventCodec<>() {
        @Override
        public EncodedEvent encode(Integer event) {
            return new EncodedEvent(NOTE, event.toString().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Integer decode(RecordedEvent event) {
            return Integer.valueOf(new String(event.data(), StandardCharsets.UTF_8));
        }

        @Override
        public boolean knows(String typeName) {
            return typeName.equals(NOTE.name());
        }
    };

    @Test
    void every_event_is_applied_exactly_once_whatever_fails_and_wherever_the_process_dies() {
        PropertyCheck.forAll(150, SCENARIOS, HandlerDeliveryPropertiesTest::check);
    }

    private static void check(Scenario scenario) throws Exception {
        var clock = MutableClock.at(Instant.parse("2026-03-01T09:00:00Z"));
        var log = new InMemoryEventStore(clock, StoreLimits.DEFAULT);
        var durable = new InMemoryStateStore();
        for (int i = 0; i < scenario.events().size(); i++) {
            var encoded = CODEC.encode(i);
            log.append("s-" + scenario.events().get(i).stream(), ExpectedVersion.any(),
                    NewEvent.of(encoded.type(), encoded.data()));
        }
        var behaviour = new Behaviour(scenario.events());
        var registration = HandlerRegistration.of(NAME, CODEC, behaviour::handle)
                .withRetry(RetryPolicy.defaults().withMaxAttempts(scenario.maxAttempts()))
                .withOrdering(scenario.park() ? OrderingMode.parkStream() : OrderingMode.continuePast());
        HandlerConfig config = HandlerConfig.of(c -> c.clock(clock).sleeper(wait -> clock.advance(wait)));

        // A first process that may die at a commit.
        var dying = new DyingAt(durable, scenario.crashAtCommit());
        var first = new Handlers(log, dying, new DeadLetters(dying, clock), config);
        var running = first.start(registration);
        running.awaitPosition(log.headPosition(), Duration.ofSeconds(20));
        first.close();

        // A second one on what was committed; then the broken events are fixed and every dead letter retried.
        var deadLetters = new DeadLetters(durable, clock);
        var second = new Handlers(log, durable, deadLetters, config);
        var again = second.start(registration);
        assertThat(again.awaitPosition(log.headPosition(), Duration.ofSeconds(20))).isTrue();
        behaviour.fixed = true;
        for (int round = 0; round < 100; round++) {
            var pending = deadLetters.list(DeadLetterQuery.pending().limit(1000));
            if (pending.isEmpty()) {
                break;
            }
            for (var letter : pending) {
                deadLetters.retry(letter.id());
            }
        }
        second.close();

        var applied = new TreeMap<Integer, Integer>();
        var order = new TreeMap<Integer, Integer>();
        for (StateEntry entry : durable.scan("handler/" + NAME + "/state/", 10_000)) {
            String key = entry.key().substring(("handler/" + NAME + "/state/").length());
            int value = Integer.parseInt(new String(entry.value(), StandardCharsets.UTF_8));
            if (key.startsWith("done/")) {
                applied.put(Integer.parseInt(key.substring(5)), value);
            } else if (key.startsWith("order/")) {
                order.put(Integer.parseInt(key.substring(6)), value);
            }
        }
        int count = scenario.events().size();
        assertThat(applied).as("times each event was applied").hasSize(count).allSatisfy((event, times) ->
                assertThat(times).as("event %d", event).isEqualTo(1));
        assertThat(deadLetters.list(DeadLetterQuery.pending())).isEmpty();
        assertThat(durable.scan("handler/" + NAME + "/parked", 10)).isEmpty();
        assertThat(Checkpoints.load(durable, "handler/" + NAME)).isEqualTo(count);
        if (scenario.park()) {
            for (int stream = 0; stream < 4; stream++) {
                var sequence = new ArrayList<Integer>();
                for (int i = 0; i < count; i++) {
                    if (scenario.events().get(i).stream() == stream) {
                        sequence.add(order.get(i));
                    }
                }
                assertThat(sequence).as("application order of stream s-%d", stream).isSorted();
            }
        }
    }

    /** Fails as planned; on success counts the event and stamps the order it was applied in, in its state. */
    static final class Behaviour {
        private final List<Planned> plan;
        private final Map<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
        volatile boolean fixed;

        Behaviour(List<Planned> plan) {
            this.plan = plan;
        }

        void handle(Integer event, HandlerContext context) {
            var planned = plan.get(event);
            int attempt = attempts.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
            if (attempt <= planned.transientFailures()) {
                throw new Flaky("attempt " + attempt + " at event " + event);
            }
            if (planned.broken() && !fixed) {
                throw new IllegalStateException("event " + event + " is broken");
            }
            var state = context.state();
            state.put("done/" + event, text(read(state.get("done/" + event)) + 1));
            int sequence = read(state.get("seq")) + 1;
            state.put("seq", text(sequence));
            state.put("order/" + event, text(sequence));
        }

        private static int read(Optional<byte[]> value) {
            return value.map(b -> Integer.parseInt(new String(b, StandardCharsets.UTF_8))).orElse(0);
        }

        private static byte[] text(int value) {
            return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The state store of a process that dies at its n-th commit (0: never): that commit and all after are lost. */
    static final class DyingAt implements StateStore {
        private final StateStore durable;
        private final int dieAt;
        private int commits;
        private volatile boolean dead;

        DyingAt(StateStore durable, int dieAt) {
            this.durable = durable;
            this.dieAt = dieAt;
        }

        @Override
        public Optional<byte[]> get(String key) {
            alive();
            return durable.get(key);
        }

        @Override
        public List<StateEntry> scan(String prefix, String afterKey, int limit) {
            alive();
            return durable.scan(prefix, afterKey, limit);
        }

        @Override
        public synchronized void commit(List<StateWrite> writes) {
            alive();
            if (++commits == dieAt) {
                dead = true;
                alive();
            }
            durable.commit(writes);
        }

        @Override
        public void close() {}

        private void alive() {
            if (dead) {
                throw new IllegalStateException("the process died");
            }
        }
    }
}
